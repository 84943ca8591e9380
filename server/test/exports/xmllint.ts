import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The official GPX 1.1 schema (source in fixtures/SOURCES.md). */
export const GPX_11_XSD = fileURLToPath(new URL('./fixtures/gpx-1.1.xsd', import.meta.url));

/**
 * Validates a document against an XML schema with libxml2's `xmllint --noout --schema` (CI
 * installs it, see .ci/run). Returns xmllint's complaints, empty when the document is valid.
 */
export function schemaErrors(document: string | Buffer, schemaPath = GPX_11_XSD): string {
  const run = spawnSync('xmllint', ['--noout', '--schema', schemaPath, '-'], { input: document, encoding: 'utf8' });
  if (run.error) throw new Error(`xmllint could not run (package libxml2-utils): ${run.error.message}`);
  return run.status === 0 ? '' : `${run.stderr}`.trim() || `xmllint exited ${run.status}`;
}
