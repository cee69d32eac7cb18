package main

// Edge 1: the synthetic cluster inventory (SYNTHETIC: the hardware is declared, not measured).
//
// In production the provider's inventory-operator client (cluster/kube/operators/clients/
// inventory) finds the inventory operator through the Kubernetes API (a Service watch and a
// Pod list) and streams `akash.inventory.v1.ClusterRPC/StreamCluster` from it. Here:
//   - a fake Kubernetes clientset answers those two discovery calls with one Service and one
//     running Pod whose gRPC container port is our in-process server (the provider's own
//     "inventory under test" switch makes the client dial localhost:<port> instead of
//     port-forwarding);
//   - our gRPC server streams an inventoryV1.Cluster built from the --inventory JSON file.
// Everything after that is the provider's code: its inventory client, the inventory
// service's reservations and the capacity check (Adjust) the bid engine relies on.
//
// The real operator reports what running pods use. The provider's inventory service only
// subtracts *pending* reservations from a snapshot, so once a lease is deployed its resources
// must show up as allocated in the snapshot or they would be free again. allocate/release do
// that when the in-memory cluster deploys or tears down a lease.

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"os"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/protobuf/types/known/emptypb"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/intstr"
	"k8s.io/apimachinery/pkg/watch"
	kfake "k8s.io/client-go/kubernetes/fake"
	k8stest "k8s.io/client-go/testing"

	"cosmossdk.io/log"

	inventoryV1 "pkg.akt.dev/go/inventory/v1"
	mani "pkg.akt.dev/go/manifest/v2beta3"
	mtypes "pkg.akt.dev/go/node/market/v1"
	attrtypes "pkg.akt.dev/go/node/types/attributes/v1"
	"pkg.akt.dev/go/util/pubsub"
	"pkg.akt.dev/go/util/units"

	ctypes "github.com/akash-network/provider/cluster/types/v1beta3"
	cinventory "github.com/akash-network/provider/cluster/types/v1beta3/clients/inventory"
	"github.com/akash-network/provider/tools/fromctx"
)

// ---- the --inventory file format ------------------------------------------------------

type inventorySpec struct {
	Nodes   []nodeSpec    `json:"nodes"`
	Storage []storageSpec `json:"storage"`
}

type nodeSpec struct {
	Name             string    `json:"name"`
	CPUMillis        int64     `json:"cpu_millis"`
	Memory           quantity  `json:"memory"`
	EphemeralStorage quantity  `json:"ephemeral_storage"`
	GPUs             []gpuSpec `json:"gpus"`
	StorageClasses   []string  `json:"storage_classes"`
}

type gpuSpec struct {
	Vendor    string `json:"vendor"`
	Model     string `json:"model"`
	RAM       string `json:"ram"`
	Interface string `json:"interface"`
	Count     int64  `json:"count"`
}

type storageSpec struct {
	Class    string   `json:"class"`
	Capacity quantity `json:"capacity"`
}

// quantity is a byte count given either as a JSON integer or as a Kubernetes quantity string
// ("64Gi", "512Mi", "1Ti", "1000000000").
type quantity struct {
	set   bool
	bytes int64
}

func (q *quantity) UnmarshalJSON(data []byte) error {
	data = bytes.TrimSpace(data)
	if len(data) > 0 && data[0] == '"' {
		var s string
		if err := json.Unmarshal(data, &s); err != nil {
			return err
		}
		v, err := resource.ParseQuantity(s)
		if err != nil {
			return fmt.Errorf("%q is not a quantity like \"64Gi\" or \"512Mi\"", s)
		}
		q.bytes, q.set = v.Value(), true
		return nil
	}
	n, err := strconv.ParseInt(string(data), 10, 64)
	if err != nil {
		return fmt.Errorf("%s is not a whole number of bytes or a quantity string", string(data))
	}
	q.bytes, q.set = n, true
	return nil
}

const (
	gi = int64(1) << 30
	ti = int64(1) << 40
)

// defaultInventorySpec: used when --inventory is absent.
func defaultInventorySpec() *inventorySpec {
	return &inventorySpec{
		Nodes: []nodeSpec{{
			Name:             "node-1",
			CPUMillis:        16000,
			Memory:           quantity{true, 64 * gi},
			EphemeralStorage: quantity{true, ti},
			GPUs:             []gpuSpec{{Vendor: "nvidia", Model: "a100", RAM: "80Gi", Interface: "pcie", Count: 2}},
			StorageClasses:   []string{"beta3"},
		}},
		Storage: []storageSpec{{Class: "beta3", Capacity: quantity{true, ti}}},
	}
}

func loadInventorySpec(path string) (*inventorySpec, error) {
	if path == "" {
		spec := defaultInventorySpec()
		return spec, spec.validate("built-in default inventory")
	}

	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("--inventory: %w", err)
	}

	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()

	spec := &inventorySpec{}
	if err := dec.Decode(spec); err != nil {
		var se *json.SyntaxError
		if errors.As(err, &se) {
			line := 1 + bytes.Count(data[:se.Offset], []byte("\n"))
			return nil, fmt.Errorf("%s:%d: invalid JSON: %v", path, line, err)
		}
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) {
			line := 1 + bytes.Count(data[:te.Offset], []byte("\n"))
			return nil, fmt.Errorf("%s:%d: field %q: expected %s", path, line, te.Field, te.Type)
		}
		line := 1 + bytes.Count(data[:min(int(dec.InputOffset()), len(data))], []byte("\n"))
		return nil, fmt.Errorf("%s:%d: %v", path, line, strings.TrimPrefix(err.Error(), "json: "))
	}
	if dec.More() {
		return nil, fmt.Errorf("%s: trailing data after the JSON object", path)
	}

	return spec, spec.validate(path)
}

var knownStorageClasses = map[string]bool{"beta1": true, "beta2": true, "beta3": true, "default": true}

func (s *inventorySpec) validate(src string) error {
	if len(s.Nodes) == 0 {
		return fmt.Errorf("%s: nodes: at least one node is required", src)
	}

	classes := make(map[string]bool)
	for i, st := range s.Storage {
		f := fmt.Sprintf("%s: storage[%d]", src, i)
		if !knownStorageClasses[st.Class] {
			return fmt.Errorf("%s.class: %q is not a persistent storage class (beta1, beta2, beta3, default)", f, st.Class)
		}
		if classes[st.Class] {
			return fmt.Errorf("%s.class: %q is declared twice", f, st.Class)
		}
		if !st.Capacity.set || st.Capacity.bytes <= 0 {
			return fmt.Errorf("%s.capacity: required, a positive byte count or quantity like \"1Ti\"", f)
		}
		classes[st.Class] = true
	}

	names := make(map[string]bool)
	for i := range s.Nodes {
		nd := &s.Nodes[i]
		f := fmt.Sprintf("%s: nodes[%d]", src, i)
		if nd.Name == "" {
			return fmt.Errorf("%s.name: required", f)
		}
		if names[nd.Name] {
			return fmt.Errorf("%s.name: %q is used twice", f, nd.Name)
		}
		names[nd.Name] = true
		if nd.CPUMillis <= 0 {
			return fmt.Errorf("%s.cpu_millis: required, a positive number of millicores (16000 = 16 CPU)", f)
		}
		if !nd.Memory.set || nd.Memory.bytes <= 0 {
			return fmt.Errorf("%s.memory: required, a positive byte count or quantity like \"64Gi\"", f)
		}
		if !nd.EphemeralStorage.set || nd.EphemeralStorage.bytes <= 0 {
			return fmt.Errorf("%s.ephemeral_storage: required, a positive byte count or quantity like \"1Ti\"", f)
		}
		for j, c := range nd.StorageClasses {
			if !classes[c] {
				return fmt.Errorf("%s.storage_classes[%d]: %q is not declared in storage[]", f, j, c)
			}
		}
		for j := range nd.GPUs {
			g := &nd.GPUs[j]
			gf := fmt.Sprintf("%s.gpus[%d]", f, j)
			g.Vendor = strings.ToLower(g.Vendor)
			if g.Vendor != "nvidia" && g.Vendor != "amd" {
				return fmt.Errorf("%s.vendor: %q; the provider supports nvidia and amd", gf, g.Vendor)
			}
			if g.Model == "" {
				return fmt.Errorf("%s.model: required (e.g. \"a100\")", gf)
			}
			g.Model = strings.ToLower(g.Model)
			if g.Count <= 0 {
				return fmt.Errorf("%s.count: required, a positive number of devices", gf)
			}
			if g.RAM != "" {
				v, err := resource.ParseQuantity(g.RAM)
				if err != nil || v.Value() <= 0 {
					return fmt.Errorf("%s.ram: %q is not a quantity like \"80Gi\"", gf, g.RAM)
				}
				// the same normalisation the provider applies to SDL GPU ram attributes
				g.RAM = units.ToStringWithSuffix(uint64(v.Value()), "Gi") //nolint: gosec
			}
			g.Interface = strings.ToLower(g.Interface)
			switch {
			case g.Interface == "", g.Interface == "pcie", strings.HasPrefix(g.Interface, "sxm"):
			default:
				return fmt.Errorf("%s.interface: %q; expected pcie or sxm", gf, g.Interface)
			}
		}
	}

	return nil
}

// cluster renders the spec as the inventory operator would report it, nothing allocated.
func (s *inventorySpec) cluster() inventoryV1.Cluster {
	cl := inventoryV1.Cluster{}

	for _, nd := range s.Nodes {
		gpuCount := int64(0)
		infos := inventoryV1.GPUInfoS{}
		for _, g := range nd.GPUs {
			gpuCount += g.Count
			vendorID := ""
			switch g.Vendor {
			case "nvidia":
				vendorID = "10de"
			case "amd":
				vendorID = "1002"
			}
			for i := int64(0); i < g.Count; i++ {
				infos = append(infos, inventoryV1.GPUInfo{
					Vendor:     g.Vendor,
					VendorID:   vendorID,
					Name:       g.Model,
					Interface:  g.Interface,
					MemorySize: g.RAM,
				})
			}
		}

		cl.Nodes = append(cl.Nodes, inventoryV1.Node{
			Name: nd.Name,
			Resources: inventoryV1.NodeResources{
				CPU: inventoryV1.CPU{
					Quantity: inventoryV1.NewResourcePairMilli(nd.CPUMillis, nd.CPUMillis, 0, resource.DecimalSI),
				},
				Memory: inventoryV1.Memory{
					Quantity: inventoryV1.NewResourcePair(nd.Memory.bytes, nd.Memory.bytes, 0, resource.BinarySI),
				},
				GPU: inventoryV1.GPU{
					Quantity: inventoryV1.NewResourcePair(gpuCount, gpuCount, 0, resource.DecimalSI),
					Info:     infos,
				},
				EphemeralStorage: inventoryV1.NewResourcePair(nd.EphemeralStorage.bytes, nd.EphemeralStorage.bytes, 0, resource.BinarySI),
				VolumesAttached:  inventoryV1.NewResourcePair(0, 0, 0, resource.DecimalSI),
				VolumesMounted:   inventoryV1.NewResourcePair(0, 0, 0, resource.DecimalSI),
			},
			Capabilities: inventoryV1.NodeCapabilities{StorageClasses: append([]string(nil), nd.StorageClasses...)},
		})
	}

	for _, st := range s.Storage {
		cl.Storage = append(cl.Storage, inventoryV1.Storage{
			Quantity: inventoryV1.NewResourcePair(st.Capacity.bytes, st.Capacity.bytes, 0, resource.BinarySI),
			Info:     inventoryV1.StorageInfo{Class: st.Class},
		})
	}

	return cl
}

// ---- the synthetic inventory operator -------------------------------------------------

type nodeUse struct {
	cpuMillis, memory, gpus, ephemeral int64
}

type allocation struct {
	nodes   []nodeUse        // indexed like cluster.Nodes
	storage map[string]int64 // persistent class -> bytes
}

type syntheticInventory struct {
	log     log.Logger
	lis     net.Listener
	kc      *kfake.Clientset
	mtx     sync.Mutex
	current inventoryV1.Cluster
	allocs  map[string]allocation // lease id -> what it holds
	changed chan struct{}         // closed and replaced on every change
	inventoryV1.UnimplementedClusterRPCServer
}

const operatorNamespace = "akash-services"

var operatorLabels = map[string]string{
	"app.kubernetes.io/name":      "inventory",
	"app.kubernetes.io/instance":  "inventory-service",
	"app.kubernetes.io/component": "operator",
	"app.kubernetes.io/part-of":   "provider",
}

func newSyntheticInventory(ctx context.Context, logger log.Logger, spec *inventorySpec) (*syntheticInventory, error) {
	// The provider's client dials "localhost:<port>"; 127.0.0.1 on a kernel-chosen port.
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("synthetic inventory listener: %w", err)
	}
	port := int32(lis.Addr().(*net.TCPAddr).Port) //nolint: gosec

	svc := &corev1.Service{
		ObjectMeta: metav1.ObjectMeta{Name: "operator-inventory", Namespace: operatorNamespace, Labels: operatorLabels},
		Spec: corev1.ServiceSpec{
			Selector: operatorLabels,
			Ports:    []corev1.ServicePort{{Name: "grpc", Protocol: corev1.ProtocolTCP, Port: port, TargetPort: intstr.FromString("grpc")}},
		},
	}
	pod := &corev1.Pod{
		ObjectMeta: metav1.ObjectMeta{Name: "operator-inventory-0", Namespace: operatorNamespace, Labels: operatorLabels},
		Spec: corev1.PodSpec{Containers: []corev1.Container{{
			Name:  "operator-inventory",
			Image: "provider-harness/synthetic-inventory",
			Ports: []corev1.ContainerPort{{Name: "grpc", ContainerPort: port}},
		}}},
		Status: corev1.PodStatus{Phase: corev1.PodRunning},
	}

	kc := kfake.NewSimpleClientset(svc, pod) //nolint: staticcheck
	// The object tracker does not replay existing objects to a new watch: feed the Service.
	svcWatch := watch.NewFakeWithChanSize(1, false)
	kc.PrependWatchReactor("services", k8stest.DefaultWatchReactor(svcWatch, nil))
	svcWatch.Add(svc)
	go func() {
		<-ctx.Done()
		svcWatch.Stop()
	}()

	inv := &syntheticInventory{
		log:     logger.With("module", "provider-harness-inventory"),
		lis:     lis,
		kc:      kc,
		current: spec.cluster(),
		allocs:  make(map[string]allocation),
		changed: make(chan struct{}),
	}

	if data, err := json.Marshal(inv.current); err == nil {
		inv.log.Info("synthetic inventory", "cluster", string(data))
	}

	return inv, nil
}

// withOperatorContext gives the provider's inventory-operator client the fake clientset and
// switches it to its direct-dial ("under test") mode. The same clientset is what the gateway
// middleware puts into request contexts; nothing in the harness talks to a real API server.
func (inv *syntheticInventory) withOperatorContext(ctx context.Context) context.Context {
	ctx = context.WithValue(ctx, fromctx.CtxKeyKubeClientSet, inv.kc)
	return context.WithValue(ctx, fromctx.CtxKeyInventoryUnderTest, true)
}

func (inv *syntheticInventory) serve(ctx context.Context) error {
	srv := grpc.NewServer()
	inventoryV1.RegisterClusterRPCServer(srv, inv)

	go func() {
		<-ctx.Done()
		srv.Stop()
	}()

	inv.log.Info("synthetic inventory operator listening", "address", inv.lis.Addr().String())
	err := srv.Serve(inv.lis)
	if ctx.Err() != nil {
		return ctx.Err()
	}
	return err
}

func (inv *syntheticInventory) snapshot() (inventoryV1.Cluster, <-chan struct{}) {
	inv.mtx.Lock()
	defer inv.mtx.Unlock()
	return *inv.current.Dup(), inv.changed
}

func (inv *syntheticInventory) QueryCluster(context.Context, *emptypb.Empty) (*inventoryV1.Cluster, error) {
	cl, _ := inv.snapshot()
	return &cl, nil
}

func (inv *syntheticInventory) StreamCluster(_ *emptypb.Empty, stream inventoryV1.ClusterRPC_StreamClusterServer) error {
	for {
		cl, changed := inv.snapshot()
		if err := stream.Send(&cl); err != nil {
			return err
		}
		select {
		case <-stream.Context().Done():
			return stream.Context().Err()
		case <-changed:
		}
	}
}

func (inv *syntheticInventory) notifyLocked() {
	close(inv.changed)
	inv.changed = make(chan struct{})
}

// allocate records what a deployed lease's manifest group uses, replica by replica, first node
// that fits (persistent volumes come out of the cluster-wide storage class). The provider has
// already checked that the group fits when it reserved it for the bid; if a replica fits on no
// node (e.g. the inventory changed), it is charged to the first node and that node simply shows
// no free capacity.
func (inv *syntheticInventory) allocate(leaseKey string, group *mani.Group) {
	inv.mtx.Lock()
	defer inv.mtx.Unlock()

	if old, ok := inv.allocs[leaseKey]; ok {
		inv.applyLocked(old, -1)
		delete(inv.allocs, leaseKey)
	}

	a := allocation{nodes: make([]nodeUse, len(inv.current.Nodes)), storage: make(map[string]int64)}
	free := make([]nodeUse, len(inv.current.Nodes))
	for i := range inv.current.Nodes {
		r := &inv.current.Nodes[i].Resources
		free[i] = nodeUse{
			cpuMillis: r.CPU.Quantity.Available().MilliValue(),
			memory:    r.Memory.Quantity.Available().Value(),
			gpus:      r.GPU.Quantity.Available().Value(),
			ephemeral: r.EphemeralStorage.Available().Value(),
		}
	}

	for _, svc := range group.Services {
		need := nodeUse{}
		if svc.Resources.CPU != nil {
			need.cpuMillis = int64(svc.Resources.CPU.Units.Value()) //nolint: gosec
		}
		if svc.Resources.Memory != nil {
			need.memory = int64(svc.Resources.Memory.Quantity.Value()) //nolint: gosec
		}
		if svc.Resources.GPU != nil {
			need.gpus = int64(svc.Resources.GPU.Units.Value()) //nolint: gosec
		}
		persistent := make(map[string]int64)
		for _, st := range svc.Resources.Storage {
			attrs, err := cinventory.ParseStorageAttributes(st.Attributes)
			if err != nil {
				continue
			}
			size := int64(st.Quantity.Value()) //nolint: gosec
			switch {
			case attrs.Persistent:
				persistent[attrs.Class] += size
			case attrs.Class == "ram":
				need.memory += size
			default:
				need.ephemeral += size
			}
		}

		for r := uint32(0); r < svc.Count; r++ {
			idx := 0
			for i := range free {
				f := free[i]
				if f.cpuMillis >= need.cpuMillis && f.memory >= need.memory && f.gpus >= need.gpus && f.ephemeral >= need.ephemeral &&
					(need.gpus == 0 || inv.gpuModelMatchesLocked(i, svc.Resources.GPU.Attributes)) {
					idx = i
					break
				}
			}
			free[idx].cpuMillis -= need.cpuMillis
			free[idx].memory -= need.memory
			free[idx].gpus -= need.gpus
			free[idx].ephemeral -= need.ephemeral
			a.nodes[idx].cpuMillis += need.cpuMillis
			a.nodes[idx].memory += need.memory
			a.nodes[idx].gpus += need.gpus
			a.nodes[idx].ephemeral += need.ephemeral
			for class, size := range persistent {
				a.storage[class] += size
			}
		}
	}

	inv.allocs[leaseKey] = a
	inv.applyLocked(a, 1)
	inv.notifyLocked()
	inv.log.Info("lease resources allocated in the synthetic inventory", "lease", leaseKey)
}

// release gives a torn-down lease's resources back.
func (inv *syntheticInventory) release(leaseKey string) {
	inv.mtx.Lock()
	defer inv.mtx.Unlock()

	a, ok := inv.allocs[leaseKey]
	if !ok {
		return
	}
	delete(inv.allocs, leaseKey)
	inv.applyLocked(a, -1)
	inv.notifyLocked()
	inv.log.Info("lease resources released in the synthetic inventory", "lease", leaseKey)
}

// gpuModelMatchesLocked: does the node have a GPU of the vendor/model (ram, interface) the
// service asks for? Used only to pick the node a deployed replica is charged to.
func (inv *syntheticInventory) gpuModelMatchesLocked(node int, attrs attrtypes.Attributes) bool {
	parsed, err := cinventory.ParseGPUAttributes(attrs)
	if err != nil {
		return false
	}
	for _, info := range inv.current.Nodes[node].Resources.GPU.Info {
		models, ok := parsed[info.Vendor]
		if !ok {
			continue
		}
		attr, ok := models.ExistsOrWildcard(info.Name)
		if !ok {
			continue
		}
		if attr != nil {
			if attr.RAM != "" && attr.RAM != info.MemorySize {
				continue
			}
			if attr.Interface != "" && attr.Interface != ctypes.FilterGPUInterface(info.Interface) {
				continue
			}
		}
		return true
	}
	return false
}

func addAllocated(rp *inventoryV1.ResourcePair, q *resource.Quantity) {
	allocated := rp.Allocated.DeepCopy()
	allocated.Add(*q)
	if allocated.Sign() < 0 {
		allocated = *resource.NewQuantity(0, allocated.Format)
	}
	rp.Allocated = &allocated
}

func (inv *syntheticInventory) applyLocked(a allocation, sign int64) {
	for i, use := range a.nodes {
		if i >= len(inv.current.Nodes) {
			break
		}
		r := &inv.current.Nodes[i].Resources
		addAllocated(&r.CPU.Quantity, resource.NewMilliQuantity(sign*use.cpuMillis, resource.DecimalSI))
		addAllocated(&r.Memory.Quantity, resource.NewQuantity(sign*use.memory, resource.BinarySI))
		addAllocated(&r.GPU.Quantity, resource.NewQuantity(sign*use.gpus, resource.DecimalSI))
		addAllocated(&r.EphemeralStorage, resource.NewQuantity(sign*use.ephemeral, resource.BinarySI))
	}

	classes := make([]string, 0, len(a.storage))
	for c := range a.storage {
		classes = append(classes, c)
	}
	sort.Strings(classes)
	for _, c := range classes {
		for i := range inv.current.Storage {
			if inv.current.Storage[i].Info.Class == c {
				addAllocated(&inv.current.Storage[i].Quantity, resource.NewQuantity(sign*a.storage[c], resource.BinarySI))
			}
		}
	}
}

// republish re-sends the current snapshot every period, and shortly after an order, bid or
// lease closes on chain. A live inventory operator publishes whenever anything in the cluster
// changes; the provider's inventory service relies on that, because it subtracts pending
// reservations from the last snapshot and only recomputes on a new one: without it a released
// reservation (bid lost, closed or timed out) would stay subtracted until the next deploy.
func (inv *syntheticInventory) republish(ctx context.Context, period time.Duration, bus pubsub.Bus) error {
	sub, err := bus.Subscribe()
	if err != nil {
		return err
	}
	defer sub.Close()

	if period < time.Second {
		period = time.Second
	}
	tick := time.NewTicker(period)
	defer tick.Stop()

	// after a close event, give the bid engine a moment to release its reservation
	const settle = 500 * time.Millisecond
	soon := time.NewTimer(settle)
	soon.Stop()

	for {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-sub.Done():
			return nil
		case ev := <-sub.Events():
			switch ev.(type) {
			case *mtypes.EventOrderClosed, *mtypes.EventBidClosed, *mtypes.EventLeaseClosed:
				soon.Reset(settle)
			}
			continue
		case <-soon.C:
		case <-tick.C:
		}

		inv.mtx.Lock()
		inv.notifyLocked()
		inv.mtx.Unlock()
	}
}
