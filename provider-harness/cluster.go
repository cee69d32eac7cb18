package main

// Edge 2: the in-memory cluster client (SYNTHETIC: nothing is deployed anywhere).
//
// It stands where the provider's Kubernetes client (cluster/kube) would be. It embeds the
// provider's own cluster.NullClient() for the methods nothing reaches here, and overrides the
// ones the deployment manager, lease monitor and gateway call:
//   - Deploy builds the same akash.network/v2beta2 Manifest object the kube client would store
//     (the provider's own builder and CRD conversion) and keeps it in memory, with the kube
//     client's rule that a manifest update may not rename, add or remove services. It also
//     charges the group's resources to the synthetic inventory. TeardownLease drops the lease
//     and gives the resources back.
//   - GetManifestGroup / Deployments read those stored objects back (the real CRD round trip).
//   - LeaseStatus / ServiceStatus: every service has available = ready = total = count. URIs are
//     the hostnames the deployment manager declared through DeclareHostname (the static
//     `<uid>.<ingress domain>` hosts and the SDL `accept` hosts), as the kube client reports
//     its ProviderHost objects. Nothing answers on them.
//   - ForwardedPortStatus: one made-up NodePort (30000-32767) per global non-ingress expose,
//     on --cluster-public-hostname or 127.0.0.1. Nothing listens on it.
//   - LeaseLogs: three made-up lines per replica; with follow, one more line every second until
//     the client goes away or the lease is torn down.
//   - LeaseEvents: made-up Scheduled/Pulled/Created/Started events per replica; with follow, a
//     made-up event every 5 s.
//   - Exec (lease shell): prints one made-up line and exits 0; nothing is executed.
//   - GetDeclaredIPs: none. DeclareHostname/Purge*: bookkeeping only, never an error.

import (
	"context"
	"fmt"
	"io"
	"sort"
	"strings"
	"sync"
	"time"

	corev1 "k8s.io/api/core/v1"
	eventsv1 "k8s.io/api/events/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/tools/remotecommand"

	"cosmossdk.io/log"

	mani "pkg.akt.dev/go/manifest/v2beta3"
	mtypes "pkg.akt.dev/go/node/market/v1"
	apclient "pkg.akt.dev/go/provider/client"

	"github.com/akash-network/provider/cluster"
	"github.com/akash-network/provider/cluster/kube/builder"
	kubeclienterrors "github.com/akash-network/provider/cluster/kube/errors"
	ctypes "github.com/akash-network/provider/cluster/types/v1beta3"
	chostname "github.com/akash-network/provider/cluster/types/v1beta3/clients/hostname"
	crd "github.com/akash-network/provider/pkg/apis/akash.network/v2beta2"
)

const (
	logFollowPeriod   = time.Second
	eventFollowPeriod = 5 * time.Second
	nodePortMin       = 30000
	nodePortMax       = 32767
)

type memLease struct {
	lid       mtypes.LeaseID
	manifest  *crd.Manifest
	group     mani.Group
	hosts     map[string]string // declared hostname -> service name
	nodePorts map[string]uint16 // "<service>/<external port>/<proto>" -> node port
	ctx       context.Context   // cancelled on teardown: ends follow streams
	cancel    context.CancelFunc
}

type memoryCluster struct {
	cluster.Client // the provider's null client, for everything not overridden below

	log          log.Logger
	ns           string
	inv          *syntheticInventory
	forwardHost  string
	mtx          sync.Mutex
	leases       map[string]*memLease // lease id string -> lease
	nextNodePort uint16
}

var _ cluster.Client = (*memoryCluster)(nil)

func newMemoryCluster(logger log.Logger, ns string, inv *syntheticInventory, clusterPublicHostname string) *memoryCluster {
	host := clusterPublicHostname
	if host == "" {
		host = "127.0.0.1"
	}
	return &memoryCluster{
		Client:       cluster.NullClient(),
		log:          logger.With("module", "provider-harness-cluster"),
		ns:           ns,
		inv:          inv,
		forwardHost:  host,
		leases:       make(map[string]*memLease),
		nextNodePort: nodePortMin,
	}
}

func (c *memoryCluster) lease(lid mtypes.LeaseID) (*memLease, error) {
	l, ok := c.leases[lid.String()]
	if !ok {
		return nil, kubeclienterrors.ErrLeaseNotFound
	}
	return l, nil
}

func (c *memoryCluster) Deploy(ctx context.Context, deployment ctypes.IDeployment) error {
	settings, ok := ctx.Value(builder.SettingsKey).(builder.Settings)
	if !ok {
		return kubeclienterrors.ErrNotConfiguredWithSettings
	}
	if err := builder.ValidateSettings(settings); err != nil {
		return err
	}

	cdeployment, err := builder.ClusterDeploymentFromDeployment(deployment)
	if err != nil {
		return err
	}

	obj, err := builder.BuildManifest(c.log, settings, c.ns, cdeployment).Create()
	if err != nil {
		return err
	}

	lid := cdeployment.LeaseID()
	group := *cdeployment.ManifestGroup()

	c.mtx.Lock()
	defer c.mtx.Unlock()

	l, exists := c.leases[lid.String()]
	if exists {
		// the kube client's rule: an update may not rename, add or remove services
		old := make(map[string]bool)
		for _, svc := range l.manifest.Spec.Group.Services {
			old[svc.Name] = true
		}
		for _, svc := range obj.Spec.Group.Services {
			if !old[svc.Name] {
				return fmt.Errorf("service %s not found: %w", svc.Name, builder.ErrManifestRenameNotAllowed)
			}
			delete(old, svc.Name)
		}
		if len(old) > 0 {
			return fmt.Errorf("manifest does not match service names with existing version: %w", builder.ErrManifestRenameNotAllowed)
		}
	} else {
		lctx, cancel := context.WithCancel(context.Background())
		l = &memLease{
			lid:       lid,
			hosts:     make(map[string]string),
			nodePorts: make(map[string]uint16),
			ctx:       lctx,
			cancel:    cancel,
		}
		c.leases[lid.String()] = l
	}

	l.manifest = obj
	l.group = group

	for _, svc := range group.Services {
		for _, key := range nodePortKeys(svc) {
			if _, ok := l.nodePorts[key]; !ok {
				l.nodePorts[key] = c.nextNodePort
				c.nextNodePort++
				if c.nextNodePort > nodePortMax {
					c.nextNodePort = nodePortMin
				}
			}
		}
	}

	c.inv.allocate(lid.String(), &group)
	c.log.Info("lease deployed (synthetic: nothing runs)", "lease", lid, "services", len(group.Services))

	return nil
}

// nodePortKeys: the exposes the kube builder turns into NodePort service ports (global and not
// the HTTP ingress; one per distinct external port).
func nodePortKeys(svc mani.Service) []string {
	keys := make([]string, 0)
	seen := make(map[uint32]bool)
	for _, expose := range svc.Expose {
		if !expose.Global || expose.IsIngress() {
			continue
		}
		ext := expose.GetExternalPort()
		if seen[ext] {
			continue
		}
		seen[ext] = true
		keys = append(keys, fmt.Sprintf("%s/%d/%s", svc.Name, ext, expose.Proto))
	}
	return keys
}

func (c *memoryCluster) TeardownLease(_ context.Context, lid mtypes.LeaseID) error {
	c.mtx.Lock()
	l, ok := c.leases[lid.String()]
	if ok {
		delete(c.leases, lid.String())
	}
	c.mtx.Unlock()

	if ok {
		l.cancel()
		c.inv.release(lid.String())
		c.log.Info("lease torn down", "lease", lid)
	}
	return nil
}

func (c *memoryCluster) Deployments(context.Context) ([]ctypes.IDeployment, error) {
	c.mtx.Lock()
	defer c.mtx.Unlock()

	res := make([]ctypes.IDeployment, 0, len(c.leases))
	for _, l := range c.leases {
		d, err := l.manifest.Deployment()
		if err != nil {
			return res, err
		}
		res = append(res, d)
	}
	return res, nil
}

func (c *memoryCluster) GetManifestGroup(_ context.Context, lid mtypes.LeaseID) (bool, crd.ManifestGroup, error) {
	c.mtx.Lock()
	defer c.mtx.Unlock()

	l, ok := c.leases[lid.String()]
	if !ok {
		return false, crd.ManifestGroup{}, nil
	}
	return true, *l.manifest.Spec.Group.DeepCopy(), nil
}

func (c *memoryCluster) serviceStatusLocked(l *memLease, svc *mani.Service) *apclient.ServiceStatus {
	n := int32(svc.Count) //nolint: gosec
	st := &apclient.ServiceStatus{
		Name:               svc.Name,
		Available:          n,
		Total:              n,
		ObservedGeneration: 1,
		Replicas:           n,
		UpdatedReplicas:    n,
		ReadyReplicas:      n,
		AvailableReplicas:  n,
	}
	for host, name := range l.hosts {
		if name == svc.Name {
			st.URIs = append(st.URIs, host)
		}
	}
	sort.Strings(st.URIs)
	return st
}

func (c *memoryCluster) LeaseStatus(_ context.Context, lid mtypes.LeaseID) (map[string]*apclient.ServiceStatus, error) {
	c.mtx.Lock()
	defer c.mtx.Unlock()

	l, err := c.lease(lid)
	if err != nil {
		return nil, err
	}

	res := make(map[string]*apclient.ServiceStatus, len(l.group.Services))
	for i := range l.group.Services {
		svc := &l.group.Services[i]
		res[svc.Name] = c.serviceStatusLocked(l, svc)
	}
	return res, nil
}

func (c *memoryCluster) findService(lid mtypes.LeaseID, name string) (*memLease, *mani.Service, error) {
	l, err := c.lease(lid)
	if err != nil {
		return nil, nil, err
	}
	for i := range l.group.Services {
		if l.group.Services[i].Name == name {
			return l, &l.group.Services[i], nil
		}
	}
	return l, nil, fmt.Errorf("%w: service %q", kubeclienterrors.ErrNoServiceForLease, name)
}

func (c *memoryCluster) ServiceStatus(_ context.Context, lid mtypes.LeaseID, name string) (*apclient.ServiceStatus, error) {
	c.mtx.Lock()
	defer c.mtx.Unlock()

	l, svc, err := c.findService(lid, name)
	if err != nil {
		return nil, err
	}
	return c.serviceStatusLocked(l, svc), nil
}

func (c *memoryCluster) ForwardedPortStatus(_ context.Context, lid mtypes.LeaseID) (map[string][]apclient.ForwardedPortStatus, error) {
	c.mtx.Lock()
	defer c.mtx.Unlock()

	l, err := c.lease(lid)
	if err != nil {
		return nil, err
	}

	res := make(map[string][]apclient.ForwardedPortStatus)
	for _, svc := range l.group.Services {
		seen := make(map[uint32]bool)
		ports := make([]apclient.ForwardedPortStatus, 0)
		for _, expose := range svc.Expose {
			if !expose.Global || expose.IsIngress() {
				continue
			}
			ext := expose.GetExternalPort()
			if seen[ext] {
				continue
			}
			seen[ext] = true
			ports = append(ports, apclient.ForwardedPortStatus{
				Host:         c.forwardHost,
				Port:         uint16(expose.Port), //nolint: gosec
				ExternalPort: l.nodePorts[fmt.Sprintf("%s/%d/%s", svc.Name, ext, expose.Proto)],
				Proto:        expose.Proto,
				Name:         svc.Name,
			})
		}
		if len(ports) > 0 {
			res[svc.Name] = ports
		}
	}
	return res, nil
}

func (c *memoryCluster) GetDeclaredIPs(context.Context, mtypes.LeaseID) ([]crd.ProviderLeasedIPSpec, error) {
	return []crd.ProviderLeasedIPSpec{}, nil
}

func (c *memoryCluster) PurgeDeclaredIPs(context.Context, mtypes.LeaseID) error { return nil }

func (c *memoryCluster) PurgeDeclaredIP(context.Context, mtypes.LeaseID, string, uint32, mani.ServiceProtocol) error {
	return nil
}

func (c *memoryCluster) DeclareHostname(_ context.Context, lid mtypes.LeaseID, host string, serviceName string, _ uint32) error {
	c.mtx.Lock()
	defer c.mtx.Unlock()

	// a hostname belongs to one lease at a time (the provider's hostname service enforces
	// ownership; this mirrors the migration of a ProviderHost object)
	for _, other := range c.leases {
		delete(other.hosts, host)
	}
	if l, ok := c.leases[lid.String()]; ok {
		l.hosts[host] = serviceName
	}
	return nil
}

func (c *memoryCluster) PurgeDeclaredHostnames(_ context.Context, lid mtypes.LeaseID) error {
	c.mtx.Lock()
	defer c.mtx.Unlock()

	if l, ok := c.leases[lid.String()]; ok {
		l.hosts = make(map[string]string)
	}
	return nil
}

func (c *memoryCluster) PurgeDeclaredHostname(_ context.Context, lid mtypes.LeaseID, host string) error {
	c.mtx.Lock()
	defer c.mtx.Unlock()

	if l, ok := c.leases[lid.String()]; ok {
		delete(l.hosts, host)
	}
	return nil
}

func (c *memoryCluster) AllHostnames(context.Context) ([]chostname.ActiveHostname, error) {
	c.mtx.Lock()
	defer c.mtx.Unlock()

	res := make([]chostname.ActiveHostname, 0)
	for _, l := range c.leases {
		for host := range l.hosts {
			res = append(res, chostname.ActiveHostname{ID: l.lid, Hostname: host})
		}
	}
	return res, nil
}

// pods lists the synthetic pod names "<service>-<replica>" of the services selected by a
// comma-separated filter (empty = all), as the kube client selects pods by service label.
type podRef struct {
	service string
	name    string
	image   string
}

func (c *memoryCluster) pods(lid mtypes.LeaseID, services string) (*memLease, []podRef, error) {
	c.mtx.Lock()
	defer c.mtx.Unlock()

	l, err := c.lease(lid)
	if err != nil {
		return nil, nil, err
	}

	want := make(map[string]bool)
	for _, s := range strings.Split(services, ",") {
		if s = strings.TrimSpace(s); s != "" {
			want[s] = true
		}
	}

	res := make([]podRef, 0)
	for _, svc := range l.group.Services {
		if len(want) > 0 && !want[svc.Name] {
			continue
		}
		for i := uint32(0); i < svc.Count; i++ {
			res = append(res, podRef{service: svc.Name, name: fmt.Sprintf("%s-%d", svc.Name, i), image: svc.Image})
		}
	}
	return l, res, nil
}

func (c *memoryCluster) LeaseLogs(ctx context.Context, lid mtypes.LeaseID, services string, follow bool, tailLines *int64) ([]*ctypes.ServiceLog, error) {
	l, pods, err := c.pods(lid, services)
	if err != nil {
		return nil, err
	}

	streams := make([]*ctypes.ServiceLog, 0, len(pods))
	for _, p := range pods {
		lines := []string{
			fmt.Sprintf("provider-harness: synthetic log of %s (service %s, image %s); no container runs", p.name, p.service, p.image),
			fmt.Sprintf("provider-harness: %s line 2", p.name),
			fmt.Sprintf("provider-harness: %s line 3", p.name),
		}
		if tailLines != nil && *tailLines >= 0 && *tailLines < int64(len(lines)) {
			lines = lines[int64(len(lines))-*tailLines:]
		}

		pr, pw := io.Pipe()
		go writeSyntheticLog(ctx, l.ctx, pw, p.name, lines, follow)
		streams = append(streams, cluster.NewServiceLog(p.name, pr))
	}
	return streams, nil
}

func writeSyntheticLog(ctx, leaseCtx context.Context, pw *io.PipeWriter, pod string, lines []string, follow bool) {
	defer func() { _ = pw.Close() }()

	for _, line := range lines {
		if _, err := io.WriteString(pw, line+"\n"); err != nil {
			return
		}
	}
	if !follow {
		return
	}

	t := time.NewTicker(logFollowPeriod)
	defer t.Stop()
	for n := 1; ; n++ {
		select {
		case <-ctx.Done():
			return
		case <-leaseCtx.Done():
			return
		case now := <-t.C:
			line := fmt.Sprintf("provider-harness: %s follow line %d at %s\n", pod, n, now.UTC().Format(time.RFC3339))
			if _, err := io.WriteString(pw, line); err != nil {
				return
			}
		}
	}
}

func (c *memoryCluster) LeaseEvents(ctx context.Context, lid mtypes.LeaseID, services string, follow bool) (ctypes.EventsWatcher, error) {
	l, pods, err := c.pods(lid, services)
	if err != nil {
		return nil, err
	}

	ns := builder.LidNS(lid)
	mk := func(p podRef, reason, note string) *eventsv1.Event {
		return &eventsv1.Event{
			EventTime:           metav1.NewMicroTime(time.Now()),
			Type:                corev1.EventTypeNormal,
			Reason:              reason,
			Note:                note + " (provider-harness: synthetic event, no container runs)",
			ReportingController: "provider-harness",
			ReportingInstance:   "provider-harness",
			Regarding:           corev1.ObjectReference{Kind: "Pod", Namespace: ns, Name: p.name},
		}
	}

	initial := make([]*eventsv1.Event, 0, 4*len(pods))
	for _, p := range pods {
		initial = append(initial,
			mk(p, "Scheduled", fmt.Sprintf("Successfully assigned %s/%s", ns, p.name)),
			mk(p, "Pulled", fmt.Sprintf("Container image %q already present on machine", p.image)),
			mk(p, "Created", fmt.Sprintf("Created container %s", p.service)),
			mk(p, "Started", fmt.Sprintf("Started container %s", p.service)),
		)
	}

	feed := ctypes.NewEventsFeed(ctx)
	go func() {
		defer feed.Shutdown()

		for _, evt := range initial {
			if !feed.SendEvent(evt) {
				return
			}
		}
		if !follow || len(pods) == 0 {
			return
		}

		t := time.NewTicker(eventFollowPeriod)
		defer t.Stop()
		for {
			select {
			case <-feed.Done():
				return
			case <-l.ctx.Done():
				return
			case <-t.C:
				for _, p := range pods {
					if !feed.SendEvent(mk(p, "Alive", fmt.Sprintf("Container %s of %s is (synthetically) running", p.service, p.name))) {
						return
					}
				}
			}
		}
	}()

	return feed, nil
}

type execResult int

func (r execResult) ExitCode() int { return int(r) }

func (c *memoryCluster) Exec(_ context.Context, lid mtypes.LeaseID, service string, podIndex uint, cmd []string,
	_ io.Reader, stdout io.Writer, _ io.Writer, _ bool, _ remotecommand.TerminalSizeQueue) (ctypes.ExecResult, error) {
	c.mtx.Lock()
	l, svc, err := c.findService(lid, service)
	c.mtx.Unlock()
	if l == nil {
		return nil, cluster.ErrExecDeploymentNotYetRunning
	}
	if err != nil || svc == nil {
		return nil, cluster.ErrExecNoServiceWithName
	}
	if podIndex >= uint(svc.Count) {
		return nil, cluster.ErrExecPodIndexOutOfRange
	}

	_, _ = fmt.Fprintf(stdout, "provider-harness: synthetic shell in %s-%d; no container runs, %q was not executed\n", service, podIndex, strings.Join(cmd, " "))
	return execResult(0), nil
}
