/** Terminal styling that disappears when colour is off, so the same renderer serves pipes and terminals. */
export interface Style {
  bold(text: string): string;
  dim(text: string): string;
  red(text: string): string;
  magenta(text: string): string;
  yellow(text: string): string;
  cyan(text: string): string;
}

const codes = { bold: [1, 22], dim: [2, 22], red: [31, 39], magenta: [35, 39], yellow: [33, 39], cyan: [36, 39] } as const;

export function createStyle(color: boolean): Style {
  const wrap =
    (open: number, close: number) =>
    (text: string): string =>
      color ? `\u001b[${open}m${text}\u001b[${close}m` : text;
  return {
    bold: wrap(...codes.bold),
    dim: wrap(...codes.dim),
    red: wrap(...codes.red),
    magenta: wrap(...codes.magenta),
    yellow: wrap(...codes.yellow),
    cyan: wrap(...codes.cyan),
  };
}
