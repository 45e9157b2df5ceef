// Stands in for a package a bundle must contain (something requires it at load) but never uses: any use throws, so
// a code path that does need it fails loudly instead of misbehaving. See UNUSED_PACKAGES in lambda-build.js.
'use strict';
const fail = () => {
  throw new Error('secmon: this package was left out of the Lambda bundle as unused (scripts/lib/lambda-build.js)');
};
const unused = new Proxy(function unusedPackage() {}, {
  get: (_target, key) => (key === '__esModule' ? false : unused),
  apply: fail,
  construct: fail,
});
module.exports = unused;
