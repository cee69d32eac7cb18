// Command provider-harness runs the real Akash provider (github.com/akash-network/provider
// v0.14.0) with its two Kubernetes edges replaced, so that end-to-end tests of the `akash`
// tenant CLI can deploy against a real bid engine, gateway and manifest service on a machine
// that has no Kubernetes.
//
// WHAT IS SYNTHETIC (made up by this program, nothing else is):
//   - The cluster inventory. The nodes, CPU, memory, ephemeral storage, GPUs and storage classes
//     come from the --inventory JSON file (or a built-in default), not from hardware. They are
//     streamed to the provider's own inventory-operator client over its real gRPC protocol
//     (inventory.go); a fake Kubernetes clientset only answers that client's two discovery
//     calls (one Service, one Pod). Deployed leases are subtracted from the streamed snapshot,
//     the way the real inventory operator reports running pods.
//   - The cluster backend (cluster.go). No container, pod, namespace, ingress or volume is ever
//     created; nothing runs and nothing serves traffic. Deploy records the lease's manifest group
//     in memory (through the provider's own CRD builder), TeardownLease drops it. Every service
//     reports available = ready = total = its count. URIs are the hostnames the provider's
//     deployment manager declares (static `<uid>.<--deployment-ingress-domain>` hosts and the
//     SDL `accept` hosts); nothing answers on them. Forwarded ports are made-up NodePort-style
//     entries on 127.0.0.1 (or --cluster-public-hostname). Lease logs, lease (kube) events and
//     shell output are made-up lines. Declared IPs are always empty; IP leases are refused.
//
// WHAT IS REAL (the unmodified provider packages, compiled from the released module):
// chain access and transactions (session, bid/lease/escrow queries, MsgCreateBid, MsgCloseBid,
// withdrawals), chain event subscription, the bid engine (order detection, provider attribute
// and placement matching, inventory reservation and its capacity check, pricing strategies,
// price <= max price, deposits, bid timeout, reclamation window), the cluster service
// (deployment managers, hostname reservation, lease monitor, teardown on lease close), the
// manifest service (manifest decoding, version hash recomputed against the on-chain
// deployment, checks against the leased group specs, manifest timeout), the REST gateway and
// its TLS / mTLS / JWT authentication, the gRPC gateway, the persistent config store and the
// balance checker. The start-up sequence is our own (run.go) because the stock one is
// unexported; it reuses the stock `run` command's flags and PreRunE. The account querier
// (accounts.go) is our own small re-implementation of the stock unexported one: same
// key-pair file, same on-chain certificate and account-key lookups, same caching.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"github.com/spf13/cobra"
	"github.com/spf13/viper"

	"pkg.akt.dev/go/cli"
	cflags "pkg.akt.dev/go/cli/flags"
	"pkg.akt.dev/go/sdkutil"
	"pkg.akt.dev/node/v2/app"

	"github.com/akash-network/provider/version"
)

func newRootCmd() *cobra.Command {
	encodingConfig := sdkutil.MakeEncodingConfig()
	app.ModuleBasics().RegisterInterfaces(encodingConfig.InterfaceRegistry)

	cmd := &cobra.Command{
		Use:               "provider-harness",
		Short:             "The real Akash provider with a synthetic cluster (no Kubernetes, no containers)",
		SilenceUsage:      true,
		PersistentPreRunE: cli.GetPersistentPreRunE(encodingConfig, []string{"AP", "AKASH"}, cli.DefaultHome),
	}

	cmd.PersistentFlags().String(cflags.FlagNode, "http://localhost:26657", "The node address")
	if err := viper.BindPFlag(cflags.FlagNode, cmd.PersistentFlags().Lookup(cflags.FlagNode)); err != nil {
		panic(err)
	}

	cmd.AddCommand(harnessRunCmd())
	cmd.AddCommand(version.NewVersionCommand())

	return cmd
}

func main() {
	// SIGINT and SIGTERM before the provider is up cancel start-up; once it runs,
	// cli.RunForeverWithContext handles them (and SIGHUP) and shuts down cleanly.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := cli.ExecuteWithCtx(ctx, newRootCmd(), "AP")
	stop()

	if err != nil {
		os.Exit(1)
	}
}
