/** wrangler.toml's [[rules]] bundle the Scalar standalone build as a Text module: its default export is the source. */
declare module '@scalar/api-reference/browser/standalone.js' {
  const source: string;
  export default source;
}
