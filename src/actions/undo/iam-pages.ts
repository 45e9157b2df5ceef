/**
 * IAM's List* calls page with `Marker` and `IsTruncated`. The undos look for one item of a user's, role's or group's
 * short list (at most 20 attached policies, 2 access keys by IAM's quotas): more pages than MAX_PAGES mean something
 * is wrong, and the search fails rather than running on.
 */
const MAX_PAGES = 10;

export interface IamPage<Item> {
  readonly items: readonly Item[];
  readonly isTruncated: boolean | undefined;
  readonly marker: string | undefined;
}

/** The first item `matches` accepts, reading page after page of `list`; undefined when no page has one. */
export async function findInIamPages<Item>(
  list: (marker: string | undefined) => Promise<IamPage<Item>>,
  matches: (item: Item) => boolean,
  what: string,
): Promise<Item | undefined> {
  let marker: string | undefined;
  for (let page = 0; page < MAX_PAGES; page += 1) {
    const answer = await list(marker);
    const found = answer.items.find(matches);
    if (found !== undefined) return found;
    if (answer.isTruncated !== true || answer.marker === undefined) return undefined;
    marker = answer.marker;
  }
  throw new Error(`IAM listed more than ${MAX_PAGES} pages of ${what}`);
}
