/**
 * Webhook bodies as senders post them, for the event parsers' tests:
 * - `registryEvents`: captured from docker-registry 2.8.2 (the Debian package) with notifications enabled, while the
 *   push helpers pushed `platform/base:2` (two blobs, then the manifest by tag), `multi:1` (an OCI index: blobs and
 *   two untagged child manifests first, then the index by tag), and a client HEADed `platform/base:2` (a pull).
 *   The registry listened on 127.0.0.1:46361.
 * - `dockerHubPush` and `harborPush`: the shapes Docker Hub's and Harbor's documentation give for a push.
 */

export const registryEvents = {
  events: [
    {
      id: 'ecf963b7-ca79-4fa1-9840-4a42084190c3',
      timestamp: '2026-11-28T19:36:30.400631574Z',
      action: 'push',
      target: {
        mediaType: 'application/octet-stream',
        size: 469,
        digest: 'sha256:884c0b5955f22e481fda664e822755e8b1db454e04ada33489ef04f8a814f3df',
        length: 469,
        repository: 'platform/base',
        url: 'http://127.0.0.1:46361/v2/platform/base/blobs/sha256:884c0b5955f22e481fda664e822755e8b1db454e04ada33489ef04f8a814f3df',
      },
      request: {
        id: 'f54c23e8-7781-477a-b47e-2e357cfc2c68',
        addr: '127.0.0.1:37376',
        host: '127.0.0.1:46361',
        method: 'PUT',
        useragent: '',
      },
      actor: {},
      source: {
        addr: 'vm:46361',
        instanceID: '37cc398f-f2b9-40b6-a4dc-772d8dca42d0',
      },
    },
    {
      id: '7405cfdc-d915-4312-a583-af5d1f8351d3',
      timestamp: '2026-11-28T19:36:30.417661848Z',
      action: 'push',
      target: {
        mediaType: 'application/octet-stream',
        size: 124,
        digest: 'sha256:efaf47320eb550a95052384c95f898783c9151aa8ab0718fecd3076cd1744c2d',
        length: 124,
        repository: 'platform/base',
        url: 'http://127.0.0.1:46361/v2/platform/base/blobs/sha256:efaf47320eb550a95052384c95f898783c9151aa8ab0718fecd3076cd1744c2d',
      },
      request: {
        id: '7ab705af-7387-4bf8-a509-a054e2fcfe21',
        addr: '127.0.0.1:37376',
        host: '127.0.0.1:46361',
        method: 'PUT',
        useragent: '',
      },
      actor: {},
      source: {
        addr: 'vm:46361',
        instanceID: '37cc398f-f2b9-40b6-a4dc-772d8dca42d0',
      },
    },
    {
      id: '1bb1254d-d7bd-408a-aba4-707339182d7c',
      timestamp: '2026-11-28T19:36:30.42990311Z',
      action: 'push',
      target: {
        mediaType: 'application/vnd.docker.distribution.manifest.v2+json',
        size: 423,
        digest: 'sha256:22d8f88e3df8b3010f7af915b244b5b8fc2d753688f0e5395466404897380b58',
        length: 423,
        repository: 'platform/base',
        url: 'http://127.0.0.1:46361/v2/platform/base/manifests/sha256:22d8f88e3df8b3010f7af915b244b5b8fc2d753688f0e5395466404897380b58',
        tag: '2',
        references: [
          {
            mediaType: 'application/vnd.docker.container.image.v1+json',
            size: 469,
            digest: 'sha256:884c0b5955f22e481fda664e822755e8b1db454e04ada33489ef04f8a814f3df',
          },
          {
            mediaType: 'application/vnd.docker.image.rootfs.diff.tar.gzip',
            size: 124,
            digest: 'sha256:efaf47320eb550a95052384c95f898783c9151aa8ab0718fecd3076cd1744c2d',
          },
        ],
      },
      request: {
        id: 'e3981a66-0438-4644-a3aa-d2e5b1f49d38',
        addr: '127.0.0.1:37370',
        host: '127.0.0.1:46361',
        method: 'PUT',
        useragent: '',
      },
      actor: {},
      source: {
        addr: 'vm:46361',
        instanceID: '37cc398f-f2b9-40b6-a4dc-772d8dca42d0',
      },
    },
    {
      id: 'f08dfbc4-7116-4516-9e7b-2441f7bba0b2',
      timestamp: '2026-11-28T19:36:30.450581715Z',
      action: 'push',
      target: {
        mediaType: 'application/octet-stream',
        size: 477,
        digest: 'sha256:519be80f529863c1698520156f5828acd619afeebe2be00939defcc3f4947142',
        length: 477,
        repository: 'multi',
        url: 'http://127.0.0.1:46361/v2/multi/blobs/sha256:519be80f529863c1698520156f5828acd619afeebe2be00939defcc3f4947142',
      },
      request: {
        id: '1a865682-8458-4083-a9d9-b10e80d839fc',
        addr: '127.0.0.1:37386',
        host: '127.0.0.1:46361',
        method: 'PUT',
        useragent: '',
      },
      actor: {},
      source: {
        addr: 'vm:46361',
        instanceID: '37cc398f-f2b9-40b6-a4dc-772d8dca42d0',
      },
    },
    {
      id: '1175faab-aaee-4230-92f1-92e112d63ab5',
      timestamp: '2026-11-28T19:36:30.464514496Z',
      action: 'push',
      target: {
        mediaType: 'application/octet-stream',
        size: 127,
        digest: 'sha256:04cc333ed6c6d9ab33fd801da17171425799439a580ca50750acfb15f4a0e2fb',
        length: 127,
        repository: 'multi',
        url: 'http://127.0.0.1:46361/v2/multi/blobs/sha256:04cc333ed6c6d9ab33fd801da17171425799439a580ca50750acfb15f4a0e2fb',
      },
      request: {
        id: 'a1290190-b1ea-4c46-b3cb-6dae8fc5bdd9',
        addr: '127.0.0.1:37386',
        host: '127.0.0.1:46361',
        method: 'PUT',
        useragent: '',
      },
      actor: {},
      source: {
        addr: 'vm:46361',
        instanceID: '37cc398f-f2b9-40b6-a4dc-772d8dca42d0',
      },
    },
    {
      id: '144881d2-5d6e-4cbc-a71f-95a5a03c8f8f',
      timestamp: '2026-11-28T19:36:30.4717931Z',
      action: 'push',
      target: {
        mediaType: 'application/vnd.oci.image.manifest.v1+json',
        size: 401,
        digest: 'sha256:a4acd5fcc3d82a9de5f2d51d3fbb510dcd4829e161922477ac46153f934fba91',
        length: 401,
        repository: 'multi',
        url: 'http://127.0.0.1:46361/v2/multi/manifests/sha256:a4acd5fcc3d82a9de5f2d51d3fbb510dcd4829e161922477ac46153f934fba91',
        references: [
          {
            mediaType: 'application/vnd.oci.image.config.v1+json',
            size: 477,
            digest: 'sha256:519be80f529863c1698520156f5828acd619afeebe2be00939defcc3f4947142',
          },
          {
            mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip',
            size: 127,
            digest: 'sha256:04cc333ed6c6d9ab33fd801da17171425799439a580ca50750acfb15f4a0e2fb',
          },
        ],
      },
      request: {
        id: '1196161c-c92e-421f-a8ad-7132bff3bd8e',
        addr: '127.0.0.1:37380',
        host: '127.0.0.1:46361',
        method: 'PUT',
        useragent: '',
      },
      actor: {},
      source: {
        addr: 'vm:46361',
        instanceID: '37cc398f-f2b9-40b6-a4dc-772d8dca42d0',
      },
    },
    {
      id: 'fe54ad89-b43f-4282-b79f-e9873e66c577',
      timestamp: '2026-11-28T19:36:30.48904338Z',
      action: 'push',
      target: {
        mediaType: 'application/octet-stream',
        size: 492,
        digest: 'sha256:46b81c1ee497d54b021092a195af647173c5b351487baabc12eae18146f21300',
        length: 492,
        repository: 'multi',
        url: 'http://127.0.0.1:46361/v2/multi/blobs/sha256:46b81c1ee497d54b021092a195af647173c5b351487baabc12eae18146f21300',
      },
      request: {
        id: 'ba1cda5d-1569-4f71-9179-bf8fa1eade2f',
        addr: '127.0.0.1:37380',
        host: '127.0.0.1:46361',
        method: 'PUT',
        useragent: '',
      },
      actor: {},
      source: {
        addr: 'vm:46361',
        instanceID: '37cc398f-f2b9-40b6-a4dc-772d8dca42d0',
      },
    },
    {
      id: '6c3a472e-95a4-4a3b-9e1a-33a3d86794dc',
      timestamp: '2026-11-28T19:36:30.500304281Z',
      action: 'push',
      target: {
        mediaType: 'application/octet-stream',
        size: 126,
        digest: 'sha256:5311fc573108c6f8f32b91ad5b9d92f0d8fa367f95d0000041d0697bbf3955f6',
        length: 126,
        repository: 'multi',
        url: 'http://127.0.0.1:46361/v2/multi/blobs/sha256:5311fc573108c6f8f32b91ad5b9d92f0d8fa367f95d0000041d0697bbf3955f6',
      },
      request: {
        id: '986992e0-44bb-45a1-81a7-9a9ce96a53b0',
        addr: '127.0.0.1:37380',
        host: '127.0.0.1:46361',
        method: 'PUT',
        useragent: '',
      },
      actor: {},
      source: {
        addr: 'vm:46361',
        instanceID: '37cc398f-f2b9-40b6-a4dc-772d8dca42d0',
      },
    },
    {
      id: '3f2c85f0-853b-4ed2-bb62-653c1935318a',
      timestamp: '2026-11-28T19:36:30.506727902Z',
      action: 'push',
      target: {
        mediaType: 'application/vnd.oci.image.manifest.v1+json',
        size: 401,
        digest: 'sha256:fc886db76bcd1a2fe428dcee26df0f791b61e1b739787cded7f3621400fad17b',
        length: 401,
        repository: 'multi',
        url: 'http://127.0.0.1:46361/v2/multi/manifests/sha256:fc886db76bcd1a2fe428dcee26df0f791b61e1b739787cded7f3621400fad17b',
        references: [
          {
            mediaType: 'application/vnd.oci.image.config.v1+json',
            size: 492,
            digest: 'sha256:46b81c1ee497d54b021092a195af647173c5b351487baabc12eae18146f21300',
          },
          {
            mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip',
            size: 126,
            digest: 'sha256:5311fc573108c6f8f32b91ad5b9d92f0d8fa367f95d0000041d0697bbf3955f6',
          },
        ],
      },
      request: {
        id: 'f51a0874-6606-4529-ba02-f43e06c44cf0',
        addr: '127.0.0.1:37386',
        host: '127.0.0.1:46361',
        method: 'PUT',
        useragent: '',
      },
      actor: {},
      source: {
        addr: 'vm:46361',
        instanceID: '37cc398f-f2b9-40b6-a4dc-772d8dca42d0',
      },
    },
    {
      id: '03dc28ab-e7a8-4a6a-b52b-ab40b0c5fb60',
      timestamp: '2026-11-28T19:36:30.516394576Z',
      action: 'push',
      target: {
        mediaType: 'application/vnd.oci.image.index.v1+json',
        size: 506,
        digest: 'sha256:4e960a5b3d456d9bc4c4909dcf7c04dc8b77a6cc82e389ec1b9baec927dea4cc',
        length: 506,
        repository: 'multi',
        url: 'http://127.0.0.1:46361/v2/multi/manifests/sha256:4e960a5b3d456d9bc4c4909dcf7c04dc8b77a6cc82e389ec1b9baec927dea4cc',
        tag: '1',
        references: [
          {
            mediaType: 'application/vnd.oci.image.manifest.v1+json',
            size: 401,
            digest: 'sha256:a4acd5fcc3d82a9de5f2d51d3fbb510dcd4829e161922477ac46153f934fba91',
          },
          {
            mediaType: 'application/vnd.oci.image.manifest.v1+json',
            size: 401,
            digest: 'sha256:fc886db76bcd1a2fe428dcee26df0f791b61e1b739787cded7f3621400fad17b',
          },
        ],
      },
      request: {
        id: '80d26eeb-67da-414b-b21a-593b4cfec666',
        addr: '127.0.0.1:37380',
        host: '127.0.0.1:46361',
        method: 'PUT',
        useragent: '',
      },
      actor: {},
      source: {
        addr: 'vm:46361',
        instanceID: '37cc398f-f2b9-40b6-a4dc-772d8dca42d0',
      },
    },
    {
      id: '3ff6936d-6228-4a8f-8268-b86267e53643',
      timestamp: '2026-11-28T19:36:30.531520973Z',
      action: 'pull',
      target: {
        mediaType: 'application/vnd.docker.distribution.manifest.v2+json',
        size: 423,
        digest: 'sha256:22d8f88e3df8b3010f7af915b244b5b8fc2d753688f0e5395466404897380b58',
        length: 423,
        repository: 'platform/base',
        url: 'http://127.0.0.1:46361/v2/platform/base/manifests/sha256:22d8f88e3df8b3010f7af915b244b5b8fc2d753688f0e5395466404897380b58',
        tag: '2',
        references: [
          {
            mediaType: 'application/vnd.docker.container.image.v1+json',
            size: 469,
            digest: 'sha256:884c0b5955f22e481fda664e822755e8b1db454e04ada33489ef04f8a814f3df',
          },
          {
            mediaType: 'application/vnd.docker.image.rootfs.diff.tar.gzip',
            size: 124,
            digest: 'sha256:efaf47320eb550a95052384c95f898783c9151aa8ab0718fecd3076cd1744c2d',
          },
        ],
      },
      request: {
        id: '9d924882-e50e-4583-b6bb-0c8da1192bbf',
        addr: '127.0.0.1:37390',
        host: '127.0.0.1:46361',
        method: 'HEAD',
        useragent: 'node',
      },
      actor: {},
      source: {
        addr: 'vm:46361',
        instanceID: '37cc398f-f2b9-40b6-a4dc-772d8dca42d0',
      },
    },
  ],
};

export const dockerHubPush = {
  callback_url: 'https://registry.hub.docker.com/u/myorg/app/hook/2141b5bi5i5b02bec211i4eeih0242eg11000a/',
  push_data: { pushed_at: 1417566161, pusher: 'someone', tag: '2' },
  repository: {
    comment_count: 0,
    date_created: 1417494799,
    description: '',
    is_official: false,
    is_private: true,
    name: 'app',
    namespace: 'myorg',
    owner: 'myorg',
    repo_name: 'myorg/app',
    repo_url: 'https://registry.hub.docker.com/u/myorg/app/',
    star_count: 0,
    status: 'Active',
  },
};

export const harborPush = {
  type: 'PUSH_ARTIFACT',
  occur_at: 1737446601,
  operator: 'admin',
  event_data: {
    resources: [
      {
        digest: 'sha256:76525f02955aec223342400a080c73024c995c9db1ba2eabf7505cf3bdf3f1f0',
        tag: 'v1',
        resource_url: 'harbor.example.com/library/app:v1',
      },
    ],
    repository: {
      date_created: 1737446600,
      name: 'app',
      namespace: 'library',
      repo_full_name: 'library/app',
      repo_type: 'private',
    },
  },
};
