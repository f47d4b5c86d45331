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

/** `sha256:` followed by 64 hex digits (or another algorithm with its hex digest). */
export function isDigest(d: string | undefined): boolean {
  if (!d) return false;
  const colon = d.indexOf(':');
  if (colon <= 0) return false;
  const hex = d.slice(colon + 1);
  return hex.length >= 32 && /^[a-f0-9]+$/.test(hex);
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
