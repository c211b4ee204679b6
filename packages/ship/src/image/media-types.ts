// The media types of the OCI image spec and their Docker v2 schema 2 equivalents.

export const MediaType = {
  ociManifest: 'application/vnd.oci.image.manifest.v1+json',
  ociIndex: 'application/vnd.oci.image.index.v1+json',
  ociConfig: 'application/vnd.oci.image.config.v1+json',
  ociLayerGzip: 'application/vnd.oci.image.layer.v1.tar+gzip',
  ociLayer: 'application/vnd.oci.image.layer.v1.tar',
  dockerManifest: 'application/vnd.docker.distribution.manifest.v2+json',
  dockerManifestList: 'application/vnd.docker.distribution.manifest.list.v2+json',
  dockerConfig: 'application/vnd.docker.container.image.v1+json',
  dockerLayerGzip: 'application/vnd.docker.image.rootfs.diff.tar.gzip',
} as const;

/** Which family of media types a manifest we write uses. */
export type ManifestFormat = 'oci' | 'docker';

export const manifestMediaTypes = [MediaType.ociManifest, MediaType.dockerManifest] as const;
export const indexMediaTypes = [MediaType.ociIndex, MediaType.dockerManifestList] as const;

export function isIndexMediaType(mediaType: string | undefined): boolean {
  return (indexMediaTypes as readonly string[]).includes(mediaType ?? '');
}

export function isManifestMediaType(mediaType: string | undefined): boolean {
  return (manifestMediaTypes as readonly string[]).includes(mediaType ?? '');
}

/** A base layer keeps its bytes; only the name of its type changes with the manifest format. */
export function layerMediaType(format: ManifestFormat, source: string): string {
  const gzip = source.endsWith('gzip');
  if (format === 'docker') return gzip ? MediaType.dockerLayerGzip : source;
  if (source === MediaType.dockerLayerGzip) return MediaType.ociLayerGzip;
  return source;
}
