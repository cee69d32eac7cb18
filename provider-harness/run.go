package main

// The `run` command: the stock `provider-services run` command object (its flags, viper
// bindings and PreRunE are reused unchanged) with our own RunE. The RunE mirrors the stock
// doRunCmd start-up sequence step by step, minus what needs Kubernetes (network-policy
// discovery, migrations, hostname/IP operator clients, the kube inventory port-forward) and with
// the two replaced edges: the synthetic inventory (inventory.go) and the in-memory cluster
// client (cluster.go).

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"

	"github.com/shopspring/decimal"
	"github.com/spf13/cobra"
	"github.com/spf13/viper"

	"cosmossdk.io/log"
	sdk "github.com/cosmos/cosmos-sdk/types"

	"pkg.akt.dev/go/cli"
	ptypes "pkg.akt.dev/go/node/provider/v1beta4"
	"pkg.akt.dev/go/sdl"
	"pkg.akt.dev/go/util/events"
	"pkg.akt.dev/go/util/pubsub"
	xpconfig "pkg.akt.dev/node/v2/x/provider/config"

	"github.com/akash-network/provider"
	"github.com/akash-network/provider/bidengine"
	"github.com/akash-network/provider/cluster/kube/builder"
	kubeinventory "github.com/akash-network/provider/cluster/kube/operators/clients/inventory"
	clfromctx "github.com/akash-network/provider/cluster/types/v1beta3/fromctx"
	pcmd "github.com/akash-network/provider/cmd/provider-services/cmd"
	providerflags "github.com/akash-network/provider/cmd/provider-services/cmd/flags"
	gwgrpc "github.com/akash-network/provider/gateway/grpc"
	gwrest "github.com/akash-network/provider/gateway/rest"
	"github.com/akash-network/provider/operator/waiter"
	"github.com/akash-network/provider/session"
	"github.com/akash-network/provider/tools/fromctx"
)

const flagInventory = "inventory"

// placeholderKubeconfig is written to a temporary file when --kubeconfig names no existing
// file: the stock PreRunE insists on parsing one. Nothing ever connects to this server: the
// harness replaces every Kubernetes client it hands to the provider code.
const placeholderKubeconfig = `apiVersion: v1
kind: Config
clusters:
- name: provider-harness
  cluster:
    server: https://127.0.0.1:1
contexts:
- name: provider-harness
  context:
    cluster: provider-harness
    user: provider-harness
current-context: provider-harness
users:
- name: provider-harness
  user:
    token: provider-harness-never-used
`

func harnessRunCmd() *cobra.Command {
	cmd := pcmd.RunCmd()
	cmd.Short = "run the real Akash provider against a synthetic cluster (see provider-harness README)"
	cmd.Flags().String(flagInventory, "", "JSON file declaring the synthetic cluster inventory (default: one node, 16 CPU, 64Gi memory, 1Ti ephemeral, beta3 1Ti, 2x nvidia a100 80Gi pcie)")

	stockPreRunE := cmd.PreRunE
	cmd.PreRunE = func(cmd *cobra.Command, args []string) error {
		if viper.GetBool(pcmd.FlagClusterK8s) {
			return fmt.Errorf("--%s=true: provider-harness replaces Kubernetes with a synthetic cluster; pass --%s=false", pcmd.FlagClusterK8s, pcmd.FlagClusterK8s)
		}
		if viper.GetBool(pcmd.FlagEnableIPOperator) {
			return fmt.Errorf("--%s: provider-harness has no IP operator (IP leases get no bid)", pcmd.FlagEnableIPOperator)
		}
		if viper.GetBool(pcmd.FlagCertIssuerEnabled) {
			return fmt.Errorf("--%s: provider-harness does not run the ACME certificate issuer", pcmd.FlagCertIssuerEnabled)
		}

		// Parse the inventory before anything touches the chain, so a bad file fails fast.
		invPath, _ := cmd.Flags().GetString(flagInventory)
		spec, err := loadInventorySpec(invPath)
		if err != nil {
			return err
		}
		fromctx.CmdSetContextValue(cmd, ctxKeyInventorySpec, spec)

		kcPath, _ := cmd.Flags().GetString(providerflags.FlagKubeConfig)
		if _, statErr := os.Stat(os.ExpandEnv(kcPath)); statErr != nil {
			tmpDir, err := os.MkdirTemp("", "provider-harness-")
			if err != nil {
				return err
			}
			// the stock PreRunE parses it below; nothing reads the file again
			defer func() { _ = os.RemoveAll(tmpDir) }()
			kcPath = filepath.Join(tmpDir, "kubeconfig.yaml")
			if err := os.WriteFile(kcPath, []byte(placeholderKubeconfig), 0o600); err != nil {
				return err
			}
			if err := cmd.Flags().Set(providerflags.FlagKubeConfig, kcPath); err != nil {
				return err
			}
		}

		return stockPreRunE(cmd, args)
	}

	cmd.RunE = func(cmd *cobra.Command, _ []string) error {
		return cli.RunForeverWithContext(cmd.Context(), func(ctx context.Context) error {
			return harnessRun(ctx, cmd)
		})
	}

	return cmd
}

type ctxKey string

const ctxKeyInventorySpec = ctxKey("provider-harness-inventory-spec")

// harnessRun follows the stock doRunCmd (cmd/provider-services/cmd/run.go), in the same order.
func harnessRun(ctx context.Context, cmd *cobra.Command) error {
	clusterPublicHostname := viper.GetString(pcmd.FlagClusterPublicHostname)
	nodePortQuantity := viper.GetUint(pcmd.FlagClusterNodePortQuantity)
	clusterWaitReadyDuration := viper.GetDuration(pcmd.FlagClusterWaitReadyDuration)
	inventoryResourcePollPeriod := viper.GetDuration(pcmd.FlagInventoryResourcePollPeriod)
	inventoryResourceDebugFreq := viper.GetUint(pcmd.FlagInventoryResourceDebugFrequency)
	deploymentIngressStaticHosts := viper.GetBool(pcmd.FlagDeploymentIngressStaticHosts)
	deploymentIngressDomain := viper.GetString(pcmd.FlagDeploymentIngressDomain)
	dockerImagePullSecretsName := viper.GetString(pcmd.FlagDockerImagePullSecretsName)
	strategy := viper.GetString(pcmd.FlagBidPricingStrategy)
	deploymentIngressExposeLBHosts := viper.GetBool(pcmd.FlagDeploymentIngressExposeLBHosts)
	overcommitPercentStorage := 1.0 + float64(viper.GetUint64(pcmd.FlagOvercommitPercentStorage)/100.0)
	overcommitPercentCPU := 1.0 + float64(viper.GetUint64(pcmd.FlagOvercommitPercentCPU)/100.0)
	overcommitPercentGPU := 1.0 // no GPU overcommit, as in the stock provider
	overcommitPercentMemory := 1.0 + float64(viper.GetUint64(pcmd.FlagOvercommitPercentMemory)/100.0)
	blockedHostnames := viper.GetStringSlice(pcmd.FlagDeploymentBlockedHostnames)
	deploymentRuntimeClass := viper.GetString(pcmd.FlagDeploymentRuntimeClass)
	bidTimeout := viper.GetDuration(pcmd.FlagBidTimeout)
	reclamationWindow := viper.GetDuration(pcmd.FlagReclamationWindow)
	manifestTimeout := viper.GetDuration(pcmd.FlagManifestTimeout)
	providerConfig := viper.GetString(pcmd.FlagProviderConfig)
	cachedResultMaxAge := viper.GetDuration(pcmd.FlagCachedResultMaxAge)
	rpcQueryTimeout := viper.GetDuration(pcmd.FlagRPCQueryTimeout)
	monitorMaxRetries := viper.GetUint(pcmd.FlagMonitorMaxRetries)
	monitorRetryPeriod := viper.GetDuration(pcmd.FlagMonitorRetryPeriod)
	monitorRetryPeriodJitter := viper.GetDuration(pcmd.FlagMonitorRetryPeriodJitter)
	monitorHealthcheckPeriod := viper.GetDuration(pcmd.FlagMonitorHealthcheckPeriod)
	monitorHealthcheckPeriodJitter := viper.GetDuration(pcmd.FlagMonitorHealthcheckPeriodJitter)

	pricing, err := createBidPricingStrategy(strategy)
	if err != nil {
		return err
	}

	// The stock logger colours its output even into files; colour only a terminal.
	logger := log.NewLogger(os.Stderr, log.ColorOption(isTerminal(os.Stderr)), log.TimeFormatOption("15:04:05"))
	ctx = context.WithValue(ctx, fromctx.CtxKeyLogc, logger)

	spec, ok := cmd.Context().Value(ctxKeyInventorySpec).(*inventorySpec)
	if !ok {
		return errors.New("internal error: inventory spec missing from the command context")
	}

	for _, ignored := range []string{pcmd.FlagMetricsListener, pcmd.FlagMigrationsEnabled, pcmd.FlagDeploymentNetworkPoliciesEnabled} {
		if f := cmd.Flags().Lookup(ignored); f != nil && f.Changed {
			logger.Info("provider-harness ignores this flag (no Kubernetes / no extra listeners)", "flag", "--"+ignored)
		}
	}

	logger.Info("starting provider service (provider-harness: synthetic inventory and cluster, real provider code)")

	group := fromctx.MustErrGroupFromCtx(ctx)

	cl := cli.MustClientFromContext(ctx)
	cctx := cl.ClientContext()

	gwaddr := viper.GetString(pcmd.FlagGatewayListenAddress)
	grpcaddr := viper.GetString(pcmd.FlagGatewayGRPCListenAddress)

	res, err := cl.Query().Provider().Provider(
		cmd.Context(),
		&ptypes.QueryProviderRequest{Owner: cctx.FromAddress.String()},
	)
	if err != nil {
		return fmt.Errorf("provider %s is not registered on chain (run `tx provider create` first): %w", cctx.FromAddress, err)
	}

	pinfo := &res.Provider

	kubeSettings := builder.NewDefaultSettings()
	kubeSettings.DeploymentIngressDomain = deploymentIngressDomain
	kubeSettings.DeploymentIngressExposeLBHosts = deploymentIngressExposeLBHosts
	kubeSettings.DeploymentIngressStaticHosts = deploymentIngressStaticHosts
	kubeSettings.NetworkPoliciesEnabled = false // no Kubernetes, no network policies
	kubeSettings.ClusterPublicHostname = clusterPublicHostname
	kubeSettings.CPUCommitLevel = overcommitPercentCPU
	kubeSettings.GPUCommitLevel = overcommitPercentGPU
	kubeSettings.MemoryCommitLevel = overcommitPercentMemory
	kubeSettings.StorageCommitLevel = overcommitPercentStorage
	kubeSettings.DeploymentRuntimeClass = deploymentRuntimeClass
	kubeSettings.DockerImagePullSecretsName = strings.TrimSpace(dockerImagePullSecretsName)

	ingressMode, err := builder.ParseIngressMode(viper.GetString(pcmd.FlagIngressMode))
	if err != nil {
		return err
	}
	gatewayName := viper.GetString(pcmd.FlagGatewayName)
	gatewayNamespace := viper.GetString(pcmd.FlagGatewayNamespace)
	gatewayProvider := viper.GetString(pcmd.FlagGatewayProvider)

	kubeSettings.IngressMode = ingressMode
	kubeSettings.GatewayName = gatewayName
	kubeSettings.GatewayNamespace = gatewayNamespace
	kubeSettings.GatewayProvider = gatewayProvider

	if err := builder.ValidateSettings(kubeSettings); err != nil {
		return err
	}

	clusterSettings := map[interface{}]interface{}{
		builder.SettingsKey: kubeSettings,
		fromctx.CtxKeyGatewayConfig: fromctx.GatewayConfig{
			IngressMode: string(ingressMode),
			Name:        gatewayName,
			Namespace:   gatewayNamespace,
			Provider:    gatewayProvider,
		},
	}

	ctx = fromctx.ApplyToContext(ctx, clusterSettings)

	// Edge 1: the synthetic inventory, served to the provider's own inventory-operator client.
	inv, err := newSyntheticInventory(ctx, logger, spec)
	if err != nil {
		return err
	}
	ctx = inv.withOperatorContext(ctx)

	invClient, err := kubeinventory.NewClient(ctx)
	if err != nil {
		return err
	}
	ctx = context.WithValue(ctx, clfromctx.CtxKeyClientInventory, invClient)

	// Edge 2: the in-memory cluster client.
	manifestNS := viper.GetString(providerflags.FlagK8sManifestNS)
	cclient := newMemoryCluster(logger, manifestNS, inv, clusterPublicHostname)

	statusResult, err := cctx.Client.Status(ctx)
	if err != nil {
		return err
	}
	currentBlockHeight := statusResult.SyncInfo.LatestBlockHeight
	sessionMgr := session.New(logger, cl, pinfo, currentBlockHeight)

	bus := pubsub.NewBus()
	defer bus.Close()

	config := provider.NewDefaultConfig()
	config.ClusterWaitReadyDuration = clusterWaitReadyDuration
	config.ClusterPublicHostname = clusterPublicHostname
	config.ClusterExternalPortQuantity = nodePortQuantity
	config.InventoryResourceDebugFrequency = inventoryResourceDebugFreq
	config.InventoryResourcePollPeriod = inventoryResourcePollPeriod
	config.CPUCommitLevel = overcommitPercentCPU
	config.MemoryCommitLevel = overcommitPercentMemory
	config.StorageCommitLevel = overcommitPercentStorage
	config.BlockedHostnames = blockedHostnames
	config.DeploymentIngressStaticHosts = deploymentIngressStaticHosts
	config.DeploymentIngressDomain = deploymentIngressDomain
	config.BidTimeout = bidTimeout
	config.ManifestTimeout = manifestTimeout

	if reclamationWindow > 0 {
		config.ReclamationWindow = &reclamationWindow
	}
	config.MonitorMaxRetries = monitorMaxRetries
	config.MonitorRetryPeriod = monitorRetryPeriod
	config.MonitorRetryPeriodJitter = monitorRetryPeriodJitter
	config.MonitorHealthcheckPeriod = monitorHealthcheckPeriod
	config.MonitorHealthcheckPeriodJitter = monitorHealthcheckPeriodJitter

	if len(providerConfig) != 0 {
		pConf, err := xpconfig.ReadConfigPath(providerConfig)
		if err != nil {
			return err
		}
		config.Attributes = pConf.Attributes
		if err = config.Attributes.Validate(); err != nil {
			return err
		}
	}

	config.BalanceCheckerCfg = provider.BalanceCheckerConfig{
		WithdrawalPeriod:        viper.GetDuration(pcmd.FlagWithdrawalPeriod),
		LeaseFundsCheckInterval: viper.GetDuration(pcmd.FlagLeaseFundsMonitorInterval),
	}

	config.BidPricingStrategy = pricing
	config.ClusterSettings = clusterSettings
	config.IngressMode = ingressMode
	config.GatewayName = gatewayName
	config.GatewayNamespace = gatewayNamespace
	config.GatewayProvider = gatewayProvider

	bidDeposit, err := sdk.ParseCoinNormalized(viper.GetString(pcmd.FlagBidDeposit))
	if err != nil {
		return err
	}
	config.BidDeposit = bidDeposit
	config.RPCQueryTimeout = rpcQueryTimeout
	config.CachedResultMaxAge = cachedResultMaxAge

	// No operators to wait for: the inventory is in-process and there is no hostname/IP operator.
	service, err := provider.NewService(ctx, cctx, cctx.FromAddress, sessionMgr, bus, cclient, waiter.NewNullWaiter(), config)
	if err != nil {
		return err
	}

	ctx = context.WithValue(ctx, fromctx.CtxKeyErrGroup, group)

	accQuerier, err := newAccountQuerier(ctx, cctx, logger, cl, viper.GetString(pcmd.FlagGatewayTLSCert), viper.GetString(pcmd.FlagGatewayTLSKey))
	if err != nil {
		return err
	}

	ctx = context.WithValue(ctx, fromctx.CtxKeyAccountQuerier, accQuerier)

	gwRest, err := gwrest.NewServer(
		ctx,
		logger,
		service,
		accQuerier,
		clusterPublicHostname,
		gwaddr,
		cctx.FromAddress,
		clusterSettings,
	)
	if err != nil {
		return err
	}

	err = gwgrpc.NewServer(ctx, grpcaddr, accQuerier, service)
	if err != nil {
		return err
	}

	evtSvc, err := events.NewEvents(ctx, cctx.Client, "provider-cli", bus)
	if err != nil {
		return err
	}

	group.Go(func() error {
		<-service.Done()
		return service.Close()
	})

	group.Go(func() error {
		logger.Info("gateway listening", "address", gwaddr)
		// certificates are supplied via tls.Config
		return gwRest.ListenAndServeTLS("", "")
	})

	group.Go(func() error {
		<-ctx.Done()
		evtSvc.Shutdown()
		return gwRest.Close()
	})

	group.Go(func() error {
		return inv.serve(ctx)
	})

	group.Go(func() error {
		return inv.republish(ctx, inventoryResourcePollPeriod, bus)
	})

	fromctx.MustStartupChFromCtx(ctx) <- struct{}{}

	err = group.Wait()

	if err != nil && !errors.Is(err, context.Canceled) && !errors.Is(err, http.ErrServerClosed) {
		logger.Error("provider shutdown with error", "err", err)
		return err
	}

	logger.Info("provider-harness stopped")

	return nil
}

// createBidPricingStrategy builds the pricing strategy from the stock flags with the
// provider's own exported constructors (the stock helper is unexported).
func createBidPricingStrategy(strategy string) (bidengine.BidPricingStrategy, error) {
	switch strategy {
	case "scale":
		cpuScale, err := priceScale(pcmd.FlagBidPriceCPUScale, viper.GetString(pcmd.FlagBidPriceCPUScale))
		if err != nil {
			return nil, err
		}
		memoryScale, err := priceScale(pcmd.FlagBidPriceMemoryScale, viper.GetString(pcmd.FlagBidPriceMemoryScale))
		if err != nil {
			return nil, err
		}

		storageScale := make(bidengine.Storage)
		for _, pair := range strings.Split(viper.GetString(pcmd.FlagBidPriceStorageScale), ",") {
			vals := strings.Split(pair, "=")
			name := sdl.StorageEphemeral
			val := vals[0]
			if len(vals) == 2 {
				name = vals[0]
				val = vals[1]
			}
			storageScale[name], err = priceScale(pcmd.FlagBidPriceStorageScale, val)
			if err != nil {
				return nil, err
			}
		}

		endpointScale, err := priceScale(pcmd.FlagBidPriceEndpointScale, viper.GetString(pcmd.FlagBidPriceEndpointScale))
		if err != nil {
			return nil, err
		}
		ipScale, err := priceScale(pcmd.FlagBidPriceIPScale, viper.GetString(pcmd.FlagBidPriceIPScale))
		if err != nil {
			return nil, err
		}

		return bidengine.MakeScalePricing(cpuScale, memoryScale, storageScale, endpointScale, ipScale)
	case "randomRange":
		return bidengine.MakeRandomRangePricing()
	case "shellScript":
		return bidengine.MakeShellScriptPricing(
			viper.GetString(pcmd.FlagBidPriceScriptPath),
			viper.GetUint(pcmd.FlagBidPriceScriptProcessLimit),
			viper.GetDuration(pcmd.FlagBidPriceScriptTimeout),
		)
	default:
		return nil, fmt.Errorf("--%s %q: expected scale, randomRange or shellScript", pcmd.FlagBidPricingStrategy, strategy)
	}
}

func priceScale(flag, val string) (decimal.Decimal, error) {
	v, err := decimal.NewFromString(val)
	if err != nil {
		return decimal.Decimal{}, fmt.Errorf("--%s: invalid price scale %q", flag, val)
	}
	if v.IsNegative() {
		return decimal.Decimal{}, fmt.Errorf("--%s: price scale %q is negative", flag, val)
	}
	return v, nil
}

func isTerminal(f *os.File) bool {
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}
