/**
 * For stub resolvers of tests that only resolve tags: manifest and blob reads fail, saying so. A run asks for them only
 * for a pin that differs from its tag's digest on a multi-platform tag, which these tests do not have.
 */
export const noImageReads = {
  fetchManifest: (): Promise<never> => Promise.reject(new Error('this test resolver reads no manifests')),
  fetchBlob: (): Promise<never> => Promise.reject(new Error('this test resolver reads no blobs')),
};
