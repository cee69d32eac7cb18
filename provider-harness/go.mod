module akash-tenant-cli/provider-harness

go 1.26.2

require (
	al.essio.dev/pkg/shellescape v1.5.1
	cel.dev/expr v0.24.0
	cloud.google.com/go v0.120.0
	cloud.google.com/go/auth v0.16.5
	cloud.google.com/go/auth/oauth2adapt v0.2.8
	cloud.google.com/go/compute/metadata v0.8.0
	cloud.google.com/go/iam v1.5.2
	cloud.google.com/go/monitoring v1.24.2
	cloud.google.com/go/storage v1.50.0
	cosmossdk.io/api v0.9.2
	cosmossdk.io/collections v1.3.1
	cosmossdk.io/core v0.11.3
	cosmossdk.io/depinject v1.2.1
	cosmossdk.io/errors v1.0.2
	cosmossdk.io/log v1.6.1
	cosmossdk.io/math v1.5.3
	cosmossdk.io/schema v1.1.0
	cosmossdk.io/store v1.1.2
	cosmossdk.io/x/evidence v0.2.0
	cosmossdk.io/x/feegrant v0.2.0
	cosmossdk.io/x/tx v0.14.0
	cosmossdk.io/x/upgrade v0.2.0
	filippo.io/edwards25519 v1.1.0
	github.com/99designs/go-keychain v0.0.0-20191008050251-8e49817e8af4
	github.com/99designs/keyring v1.2.2
	github.com/Azure/go-ansiterm v0.0.0-20250102033503-faa5f7b0171c
	github.com/BurntSushi/toml v1.5.0
	github.com/CosmWasm/wasmd v0.61.7
	github.com/CosmWasm/wasmvm/v3 v3.0.2
	github.com/DataDog/datadog-go v4.8.3+incompatible
	github.com/DataDog/zstd v1.5.7
	github.com/GoogleCloudPlatform/opentelemetry-operations-go/detectors/gcp v1.29.0
	github.com/GoogleCloudPlatform/opentelemetry-operations-go/exporter/metric v0.50.0
	github.com/GoogleCloudPlatform/opentelemetry-operations-go/internal/resourcemapping v0.50.0
	github.com/Microsoft/go-winio v0.6.2
	github.com/ProjectZKM/Ziren/crates/go-runtime/zkvm_runtime v0.0.0-20251001021608-1fe7b43fc4d6
	github.com/PuerkitoBio/purell v1.1.1
	github.com/PuerkitoBio/urlesc v0.0.0-20170810143723-de5bf2ad4578
	github.com/akash-network/provider v0.14.0
	github.com/avast/retry-go/v4 v4.6.1
	github.com/aws/aws-sdk-go v1.51.7
	github.com/beorn7/perks v1.0.1
	github.com/bgentry/go-netrc v0.0.0-20140422174119-9fd32a8b3d3d
	github.com/bgentry/speakeasy v0.2.0
	github.com/bits-and-blooms/bitset v1.24.3
	github.com/blang/semver/v4 v4.0.0
	github.com/boz/go-lifecycle v0.1.1
	github.com/brunoga/deep v1.2.4
	github.com/bytedance/gopkg v0.1.3
	github.com/bytedance/sonic v1.15.0
	github.com/bytedance/sonic/loader v0.5.0
	github.com/cenkalti/backoff/v3 v3.2.2
	github.com/cenkalti/backoff/v4 v4.3.0
	github.com/cespare/xxhash/v2 v2.3.0
	github.com/chzyer/readline v1.5.1
	github.com/cloudwego/base64x v0.1.6
	github.com/cncf/xds/go v0.0.0-20250501225837-2ac532fd4443
	github.com/cockroachdb/apd/v2 v2.0.2
	github.com/cockroachdb/errors v1.12.0
	github.com/cockroachdb/fifo v0.0.0-20240816210425-c5d0cb0b6fc0
	github.com/cockroachdb/logtags v0.0.0-20241215232642-bb51bb14a506
	github.com/cockroachdb/pebble v1.1.5
	github.com/cockroachdb/redact v1.1.6
	github.com/cockroachdb/tokenbucket v0.0.0-20230807174530-cc333fc44b06
	github.com/coinbase/rosetta-sdk-go/types v1.0.0
	github.com/cometbft/cometbft v0.38.21
	github.com/cometbft/cometbft-db v1.0.4
	github.com/containernetworking/cni v1.1.2
	github.com/coreos/go-systemd v0.0.0-20191104093116-d3cd4ed1dbcf
	github.com/coreos/pkg v0.0.0-20230601102743-20bbbf26f4d8
	github.com/cosmos/btcutil v1.0.5
	github.com/cosmos/cosmos-db v1.1.3
	github.com/cosmos/cosmos-proto v1.0.0-beta.5
	github.com/cosmos/cosmos-sdk v0.53.6
	github.com/cosmos/go-bip39 v1.0.0
	github.com/cosmos/gogogateway v1.2.0
	github.com/cosmos/gogoproto v1.7.2
	github.com/cosmos/iavl v1.2.6
	github.com/cosmos/ibc-go/v10 v10.5.0
	github.com/cosmos/ics23/go v0.11.0
	github.com/cosmos/ledger-cosmos-go v1.0.0
	github.com/cosmos/rosetta v0.50.12
	github.com/cosmos/rosetta-sdk-go v0.10.0
	github.com/danieljoos/wincred v1.2.2
	github.com/davecgh/go-spew v1.1.2-0.20180830191138-d8f796af33cc
	github.com/decred/dcrd/dcrec/secp256k1/v4 v4.4.0
	github.com/desertbit/timer v1.0.1
	github.com/dgraph-io/badger/v4 v4.6.0
	github.com/dgraph-io/ristretto/v2 v2.1.0
	github.com/distribution/reference v0.6.0
	github.com/dustin/go-humanize v1.0.1
	github.com/dvsekhvalnov/jose2go v1.8.0
	github.com/edwingeng/deque/v2 v2.1.1
	github.com/emicklei/dot v1.6.2
	github.com/emicklei/go-restful/v3 v3.13.0
	github.com/envoyproxy/go-control-plane/envoy v1.32.4
	github.com/envoyproxy/protoc-gen-validate v1.2.1
	github.com/ethereum/go-ethereum v1.16.8
	github.com/evanphx/json-patch/v5 v5.9.11
	github.com/fatih/color v1.18.0
	github.com/fatih/structs v1.1.0
	github.com/felixge/httpsnoop v1.0.4
	github.com/fsnotify/fsnotify v1.9.0
	github.com/fxamacker/cbor/v2 v2.9.0
	github.com/getsentry/sentry-go v0.35.0
	github.com/go-acme/lego/v4 v4.26.0
	github.com/go-andiamo/splitter v1.2.5
	github.com/go-errors/errors v1.5.1
	github.com/go-jose/go-jose/v3 v3.0.3
	github.com/go-jose/go-jose/v4 v4.1.2
	github.com/go-kit/kit v0.13.0
	github.com/go-kit/log v0.2.1
	github.com/go-logfmt/logfmt v0.6.0
	github.com/go-logr/logr v1.4.3
	github.com/go-logr/stdr v1.2.2
	github.com/go-logr/zapr v1.3.0
	github.com/go-ole/go-ole v1.3.0
	github.com/go-openapi/jsonpointer v0.21.2
	github.com/go-openapi/jsonreference v0.21.0
	github.com/go-openapi/swag v0.23.1
	github.com/go-viper/mapstructure/v2 v2.4.0
	github.com/godbus/dbus v0.0.0-20190726142602-4481cbc300e2
	github.com/gogo/googleapis v1.4.1
	github.com/gogo/protobuf v1.3.3
	github.com/golang-jwt/jwt/v5 v5.3.0
	github.com/golang/protobuf v1.5.4
	github.com/golang/snappy v1.0.0
	github.com/google/btree v1.1.3
	github.com/google/flatbuffers v25.2.10+incompatible
	github.com/google/gnostic-models v0.7.0
	github.com/google/go-cmp v0.7.0
	github.com/google/gofuzz v1.2.0
	github.com/google/orderedcode v0.0.1
	github.com/google/s2a-go v0.1.9
	github.com/google/uuid v1.6.0
	github.com/googleapis/enterprise-certificate-proxy v0.3.6
	github.com/googleapis/gax-go/v2 v2.15.0
	github.com/gorilla/context v1.1.2
	github.com/gorilla/handlers v1.5.2
	github.com/gorilla/mux v1.8.1
	github.com/gorilla/websocket v1.5.4-0.20250319132907-e064f32e3674
	github.com/goware/urlx v0.3.2
	github.com/grpc-ecosystem/go-grpc-middleware v1.4.0
	github.com/grpc-ecosystem/grpc-gateway v1.16.0
	github.com/gsterjov/go-libsecret v0.0.0-20161001094733-a6f4afe4910c
	github.com/gyuho/linux-inspect v0.0.0-20180929231013-a492bfc5f12a
	github.com/hashicorp/errwrap v1.1.0
	github.com/hashicorp/go-cleanhttp v0.5.2
	github.com/hashicorp/go-getter v1.7.9
	github.com/hashicorp/go-hclog v1.6.3
	github.com/hashicorp/go-immutable-radix v1.3.1
	github.com/hashicorp/go-metrics v0.5.4
	github.com/hashicorp/go-multierror v1.1.1
	github.com/hashicorp/go-plugin v1.6.3
	github.com/hashicorp/go-retryablehttp v0.7.8
	github.com/hashicorp/go-rootcerts v1.0.2
	github.com/hashicorp/go-safetemp v1.0.0
	github.com/hashicorp/go-secure-stdlib/parseutil v0.1.8
	github.com/hashicorp/go-secure-stdlib/strutil v0.1.2
	github.com/hashicorp/go-sockaddr v1.0.6
	github.com/hashicorp/go-version v1.7.0
	github.com/hashicorp/golang-lru v1.0.2
	github.com/hashicorp/golang-lru/v2 v2.0.7
	github.com/hashicorp/hcl v1.0.1-vault-5
	github.com/hashicorp/vault/api v1.12.2
	github.com/hashicorp/vault/api/auth/approle v0.6.0
	github.com/hashicorp/vault/api/auth/kubernetes v0.6.0
	github.com/hashicorp/yamux v0.1.2
	github.com/hdevalence/ed25519consensus v0.2.0
	github.com/holiman/uint256 v1.3.2
	github.com/huandu/skiplist v1.2.1
	github.com/huandu/xstrings v1.5.0
	github.com/iancoleman/strcase v0.3.0
	github.com/improbable-eng/grpc-web v0.15.0
	github.com/inconshreveable/mousetrap v1.1.0
	github.com/jaypipes/ghw v0.19.1
	github.com/jaypipes/pcidb v1.1.1
	github.com/jedib0t/go-pretty/v6 v6.6.7
	github.com/jmespath/go-jmespath v0.4.0
	github.com/jmhodges/levigo v1.0.1-0.20191019112844-b572e7f4cdac
	github.com/josharian/intern v1.0.0
	github.com/json-iterator/go v1.1.13-0.20220915233716-71ac16282d12
	github.com/k8snetworkplumbingwg/network-attachment-definition-client v1.6.0
	github.com/klauspost/compress v1.18.0
	github.com/klauspost/cpuid/v2 v2.3.0
	github.com/knadh/koanf/maps v0.1.2
	github.com/knadh/koanf/parsers/yaml v0.1.0
	github.com/knadh/koanf/providers/env v1.0.0
	github.com/knadh/koanf/providers/file v1.1.2
	github.com/knadh/koanf/providers/posflag v0.1.0
	github.com/knadh/koanf/providers/structs v0.1.0
	github.com/knadh/koanf/v2 v2.2.1
	github.com/kr/pretty v0.3.1
	github.com/kr/text v0.2.0
	github.com/kube-object-storage/lib-bucket-provisioner v0.0.0-20221122204822-d1a8c34382f1
	github.com/lib/pq v1.10.9
	github.com/libopenstorage/secrets v0.0.0-20240416031220-a17cf7f72c6c
	github.com/liggitt/tabwriter v0.0.0-20181228230101-89fcab3d43de
	github.com/linxGnu/grocksdb v1.9.8
	github.com/mailru/easyjson v0.9.1
	github.com/manifoldco/promptui v0.9.0
	github.com/mattn/go-colorable v0.1.14
	github.com/mattn/go-isatty v0.0.20
	github.com/mattn/go-runewidth v0.0.16
	github.com/mdp/qrterminal/v3 v3.2.1
	github.com/miekg/dns v1.1.68
	github.com/minio/highwayhash v1.0.3
	github.com/mitchellh/copystructure v1.2.0
	github.com/mitchellh/go-homedir v1.1.0
	github.com/mitchellh/go-wordwrap v1.0.1
	github.com/mitchellh/mapstructure v1.5.0
	github.com/mitchellh/reflectwalk v1.0.2
	github.com/moby/spdystream v0.5.0
	github.com/moby/term v0.5.2
	github.com/modern-go/concurrent v0.0.0-20180306012644-bacd9c7ef1dd
	github.com/modern-go/reflect2 v1.0.3-0.20250322232337-35a7c28c31ee
	github.com/mtibben/percent v0.2.1
	github.com/munnerz/goautoneg v0.0.0-20191010083416-a7dc8b61c822
	github.com/mxk/go-flowrate v0.0.0-20140419014527-cca7078d478f
	github.com/oasisprotocol/curve25519-voi v0.0.0-20230904125328-1f23a7beb09a
	github.com/oklog/run v1.1.0
	github.com/opencontainers/go-digest v1.0.0
	github.com/openshift/api v0.0.0-20240301093301-ce10821dc999
	github.com/pelletier/go-toml v1.9.5
	github.com/pelletier/go-toml/v2 v2.2.4
	github.com/petermattis/goid v0.0.0-20240813172612-4fcff4a6cae7
	github.com/pkg/errors v0.9.1
	github.com/planetscale/vtprotobuf v0.6.1-0.20240319094008-0393e58bdf10
	github.com/pmezard/go-difflib v1.0.1-0.20181226105442-5d4384ee4fb2
	github.com/prometheus/client_golang v1.23.2
	github.com/prometheus/client_model v0.6.2
	github.com/prometheus/common v0.66.1
	github.com/prometheus/procfs v0.17.0
	github.com/rakyll/statik v0.1.7
	github.com/rcrowley/go-metrics v0.0.0-20201227073835-cf1acfcdf475
	github.com/rivo/uniseg v0.4.7
	github.com/rogpeppe/go-internal v1.14.1
	github.com/rook/rook v1.14.12
	github.com/rook/rook/pkg/apis v0.0.0-20231204200402-5287527732f7
	github.com/rs/cors v1.11.1
	github.com/rs/zerolog v1.35.0
	github.com/ryanuber/go-glob v1.0.0
	github.com/sagikazarmark/locafero v0.11.0
	github.com/sasha-s/go-deadlock v0.3.5
	github.com/shamaton/msgpack/v2 v2.2.3
	github.com/shopspring/decimal v1.4.0
	github.com/sirupsen/logrus v1.9.3
	github.com/sourcegraph/conc v0.3.1-0.20240121214520-5f936abd7ae8
	github.com/spf13/afero v1.15.0
	github.com/spf13/cast v1.10.0
	github.com/spf13/cobra v1.10.2
	github.com/spf13/pflag v1.0.10
	github.com/spf13/viper v1.21.0
	github.com/spiffe/go-spiffe/v2 v2.5.0
	github.com/stretchr/objx v0.5.2
	github.com/stretchr/testify v1.11.1
	github.com/subosito/gotenv v1.6.0
	github.com/syndtr/goleveldb v1.0.1-0.20220721030215-126854af5e6d
	github.com/tendermint/go-amino v0.16.0
	github.com/tidwall/btree v1.7.0
	github.com/troian/pubsub v0.1.2
	github.com/twitchyliquid64/golang-asm v0.15.1
	github.com/ulikunitz/xz v0.5.14
	github.com/vektra/mockery/v3 v3.5.4
	github.com/x448/float16 v0.8.4
	github.com/xeipuuv/gojsonpointer v0.0.0-20180127040702-4e3ac2762d5f
	github.com/xeipuuv/gojsonreference v0.0.0-20180127040603-bd5ef7bd5415
	github.com/xeipuuv/gojsonschema v1.2.0
	github.com/yusufpapurcu/wmi v1.2.4
	github.com/zeebo/errs v1.4.0
	github.com/zondax/golem v0.27.0
	github.com/zondax/hid v0.9.2
	github.com/zondax/ledger-go v1.0.1
	go.etcd.io/bbolt v1.4.3
	go.opentelemetry.io/auto/sdk v1.2.1
	go.opentelemetry.io/contrib/detectors/gcp v1.36.0
	go.opentelemetry.io/contrib/instrumentation/google.golang.org/grpc/otelgrpc v0.61.0
	go.opentelemetry.io/contrib/instrumentation/net/http/otelhttp v0.62.0
	go.opentelemetry.io/otel v1.41.0
	go.opentelemetry.io/otel/metric v1.41.0
	go.opentelemetry.io/otel/sdk v1.37.0
	go.opentelemetry.io/otel/sdk/metric v1.37.0
	go.opentelemetry.io/otel/trace v1.41.0
	go.step.sm/crypto v0.45.1
	go.uber.org/mock v0.6.0
	go.uber.org/multierr v1.11.0
	go.uber.org/zap v1.27.0
	go.yaml.in/yaml/v2 v2.4.3
	go.yaml.in/yaml/v3 v3.0.4
	golang.org/x/arch v0.24.0
	golang.org/x/crypto v0.47.0
	golang.org/x/exp v0.0.0-20250305212735-054e65f0b394
	golang.org/x/mod v0.31.0
	golang.org/x/net v0.49.0
	golang.org/x/oauth2 v0.34.0
	golang.org/x/sync v0.19.0
	golang.org/x/sys v0.41.0
	golang.org/x/term v0.39.0
	golang.org/x/text v0.33.0
	golang.org/x/time v0.14.0
	golang.org/x/tools v0.40.0
	google.golang.org/api v0.249.0
	google.golang.org/genproto v0.0.0-20250728155136-f173205681a0
	google.golang.org/genproto/googleapis/api v0.0.0-20250818200422-3122310a409c
	google.golang.org/genproto/googleapis/rpc v0.0.0-20250826171959-ef028d996bc1
	google.golang.org/grpc v1.76.0
	google.golang.org/protobuf v1.36.11
	gopkg.in/evanphx/json-patch.v4 v4.13.0
	gopkg.in/inf.v0 v0.9.1
	gopkg.in/yaml.v2 v2.4.0
	gopkg.in/yaml.v3 v3.0.1
	gotest.tools/v3 v3.5.2
	k8s.io/api v0.34.1
	k8s.io/apimachinery v0.34.1
	k8s.io/cli-runtime v0.33.3
	k8s.io/client-go v0.34.1
	k8s.io/code-generator v0.34.1
	k8s.io/gengo/v2 v2.0.0-20250820003526-c297c0c1eb9d
	k8s.io/klog/v2 v2.130.1
	k8s.io/kube-openapi v0.0.0-20250910181357-589584f1c912
	k8s.io/kubectl v0.33.3
	k8s.io/utils v0.0.0-20260108192941-914a6e750570
	nhooyr.io/websocket v1.8.17
	pgregory.net/rapid v1.2.0
	pkg.akt.dev/go v0.2.14
	pkg.akt.dev/go/cli v0.2.4
	pkg.akt.dev/go/sdl v0.2.2
	pkg.akt.dev/node v1.2.2
	pkg.akt.dev/node/v2 v2.1.0
	pkg.akt.dev/specs v0.0.1
	rsc.io/qr v0.2.0
	sigs.k8s.io/gateway-api v1.4.1
	sigs.k8s.io/json v0.0.0-20250730193827-2d320260d730
	sigs.k8s.io/kind v0.30.0
	sigs.k8s.io/randfill v1.0.0
	sigs.k8s.io/structured-merge-diff/v6 v6.3.0
	sigs.k8s.io/yaml v1.6.0
	software.sslmate.com/src/go-pkcs12 v0.6.0
)

replace github.com/99designs/keyring => github.com/cosmos/keyring v1.2.0

replace github.com/bytedance/sonic => github.com/bytedance/sonic v1.15.0

replace github.com/cometbft/cometbft => github.com/akash-network/cometbft v0.38.21-akash.1

replace github.com/cosmos/cosmos-sdk => github.com/akash-network/cosmos-sdk v0.53.6-akash.1.reconstructed

replace github.com/cosmos/gogoproto => github.com/akash-network/gogoproto v1.7.0-akash.2

replace github.com/cosmos/ledger-cosmos-go => github.com/akash-network/ledger-go/cosmos v0.16.0

replace github.com/gogo/protobuf => github.com/regen-network/protobuf v1.3.3-alpha.regen.1

replace github.com/syndtr/goleveldb => github.com/syndtr/goleveldb v1.0.1-0.20210819022825-2ae1ddf74ef7

replace github.com/zondax/hid => github.com/troian/hid v0.14.0

replace github.com/zondax/ledger-go => github.com/akash-network/ledger-go v0.16.0

replace golang.org/x/exp => golang.org/x/exp v0.0.0-20230711153332-06a737ee72cb

replace pgregory.net/rapid => pgregory.net/rapid v0.5.5

replace github.com/googleapis/gnostic => github.com/googleapis/gnostic v0.4.1

replace github.com/kubernetes-incubator/external-storage => github.com/libopenstorage/external-storage v0.20.4-openstorage-rc3

replace github.com/portworx/sched-ops => github.com/portworx/sched-ops v0.20.4-openstorage-rc3

replace pkg.akt.dev/node/v2 => pkg.akt.dev/node/v2 v2.1.0-rc12

exclude github.com/kubernetes-incubatorn/external-storage v0.20.4-openstorage-rc2

exclude k8s.io/apiextensions-apiserver v0.0.0

exclude (
	k8s.io/client-go v1.4.0
	k8s.io/client-go v1.5.0
	k8s.io/client-go v1.5.1
	k8s.io/client-go v1.5.2
	k8s.io/client-go v2.0.0-alpha.1+incompatible
	k8s.io/client-go v2.0.0+incompatible
	k8s.io/client-go v3.0.0-beta.0+incompatible
	k8s.io/client-go v3.0.0+incompatible
	k8s.io/client-go v4.0.0-beta.0+incompatible
	k8s.io/client-go v4.0.0+incompatible
	k8s.io/client-go v5.0.0+incompatible
	k8s.io/client-go v5.0.1+incompatible
	k8s.io/client-go v6.0.0+incompatible
	k8s.io/client-go v7.0.0+incompatible
	k8s.io/client-go v8.0.0+incompatible
	k8s.io/client-go v9.0.0-invalid+incompatible
	k8s.io/client-go v9.0.0+incompatible
	k8s.io/client-go v10.0.0+incompatible
	k8s.io/client-go v11.0.0+incompatible
	k8s.io/client-go v11.0.1-0.20190409021438-1a26190bd76a+incompatible
	k8s.io/client-go v12.0.0+incompatible
)

exclude k8s.io/kubernetes v0.0.0-00010101000000-000000000000
