// cdktf's jest matchers (toHaveResourceWithProperties and friends). Only the
// construct tests use them; the checker's tests never load cdktf.
if (expect.getState().testPath?.includes('/test/constructs/') || expect.getState().testPath?.includes('/test/bin/')) {
  require('cdktf').Testing.setupJest();
}
