/** API paths. Names are URL-encoded as single path segments ('/' in an image name becomes %2F). */
const seg = encodeURIComponent;
const DOCKER = '/api/v1/docker';

export const paths = {
  images: () => `${DOCKER}/images`,
  imageDetails: (name: string, tag: string) => `${DOCKER}/images/${seg(name)}/${seg(tag)}/details`,
  containers: () => `${DOCKER}/containers`,
  containerStatus: (name: string) => `${DOCKER}/containers/${seg(name)}/status`,
  containerConfiguration: (name: string) => `${DOCKER}/containers/${seg(name)}/configuration`,
  containerStart: (name: string) => `${DOCKER}/containers/${seg(name)}/start`,
  containerStop: (name: string) => `${DOCKER}/containers/${seg(name)}/stop`,
  container: (name: string) => `${DOCKER}/containers/${seg(name)}`,
  volume: (name: string) => `${DOCKER}/volumes/${seg(name)}`,
};
