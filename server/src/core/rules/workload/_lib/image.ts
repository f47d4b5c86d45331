/**
 * Splits an image reference `[registry[:port]/]repository[:tag][@digest]` without a
 * regular expression (so no input can make it slow). A `:` only starts a tag after the
 * last `/`, so a registry port (`registry:5000/app`) is not mistaken for a tag.
 */
export interface ImageRef {
  repository: string;
  tag?: string;
  digest?: string;
}

export function parseImage(image: string): ImageRef {
  const at = image.indexOf('@');
  const digest = at >= 0 ? image.slice(at + 1) : undefined;
  const name = at >= 0 ? image.slice(0, at) : image;
  const slash = name.lastIndexOf('/');
  const colon = name.lastIndexOf(':');
  const ref: ImageRef = { repository: name };
  if (colon > slash) {
    ref.repository = name.slice(0, colon);
    ref.tag = name.slice(colon + 1);
  }
  if (digest !== undefined) ref.digest = digest;
  return ref;
}

/**
 * The digest algorithms the OCI image spec registers, with the length of their lower-case
 * hex encoding. Anything else (`blake3:`, which the spec only reserves, a short or upper-case
 * `sha256`) is not a digest a runtime verifies, so it pins nothing.
 */
const DIGEST_HEX_LENGTH: ReadonlyMap<string, number> = new Map([
  ['sha256', 64],
  ['sha512', 128],
]);

/** `sha256:` and 64 lower-case hex digits, or `sha512:` and 128: a digest the OCI spec registers. */
export function isDigest(d: string | undefined): boolean {
  if (!d) return false;
  const colon = d.indexOf(':');
  const length = DIGEST_HEX_LENGTH.get(d.slice(0, colon));
  if (colon <= 0 || length === undefined) return false;
  const hex = d.slice(colon + 1);
  return hex.length === length && /^[a-f0-9]+$/.test(hex);
}

/** A reference whose content cannot change under it: pinned by a digest. */
export function isPinned(image: string): boolean {
  return isDigest(parseImage(image).digest);
}

/** Template placeholders (`{{ .Values.image }}`, `${IMAGE}`, `$(IMAGE)`) are not judged. */
export function isTemplated(image: string): boolean {
  return image.includes('{{') || image.includes('${') || image.includes('$(');
}

const FULL_VERSION = /^v?\d+\.\d+\.\d+/;
const DATE_STAMP = /(?:^|[^0-9])20\d\d-?[01]\d-?[0-3]\d(?:[^0-9]|$)/;
const COMMIT_HASH = /^(?:sha-|git-|g)?[0-9a-f]{7,40}$/;

/**
 * Whether a tag, by convention, floats to new content: none or `latest`, a channel name
 * (`stable`, `main`), or a partial version (`1`, `1.27`, `1.27-alpine`) that tracks
 * patches. A full `x.y.z` version, a date stamp or a commit hash is conventionally
 * immutable. Heuristic by nature; the digest is the only real pin.
 */
export function isMutableTag(tag: string | undefined): boolean {
  if (tag === undefined || tag === '' || tag === 'latest') return true;
  if (FULL_VERSION.test(tag) || DATE_STAMP.test(tag)) return false;
  return !COMMIT_HASH.test(tag);
}
