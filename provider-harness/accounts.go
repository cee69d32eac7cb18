package main

// The account querier behind the gateway's TLS and authentication (REAL behaviour, our code).
// The stock one (cmd/provider-services/cmd/certs.go newAccountQuerier) is unexported; this is a
// smaller re-implementation with the same sources of truth:
//   - the gateway's own certificate: the provider's key pair file <home>/<address>.pem, read
//     through the node's key-pair manager (written by `tx cert generate server`);
//   - optional CA-signed certificate for SNI == --cluster-public-hostname
//     (--gateway-tls-cert/--gateway-tls-key), loaded at start;
//   - client certificates (mTLS): looked up on chain by owner + serial in state "valid",
//     then cached in the persistent config store, as the stock querier does;
//   - account public keys (JWT ES256K verification): the auth module's account query, cached
//     in the persistent config store.
// Differences: lookups run on the caller's goroutine (no background queue), there is no
// pre-fetch of lease owners' keys, and the TLS files are not watched for changes.

import (
	"context"
	"crypto"
	"crypto/tls"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"fmt"
	"math/big"
	"os"

	"cosmossdk.io/log"
	sdkclient "github.com/cosmos/cosmos-sdk/client"
	cryptotypes "github.com/cosmos/cosmos-sdk/crypto/types"
	sdk "github.com/cosmos/cosmos-sdk/types"
	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"

	ctypes "pkg.akt.dev/go/node/cert/v1"
	aclient "pkg.akt.dev/go/node/client/v1beta3"
	cutils "pkg.akt.dev/node/v2/x/cert/utils"

	"github.com/akash-network/provider/tools/fromctx"
	"github.com/akash-network/provider/tools/pconfig"
)

type accountQuerier struct {
	log       log.Logger
	qc        aclient.Client
	cctx      sdkclient.Context
	pstorage  pconfig.Storage
	mtlsCerts []tls.Certificate
	caCerts   []tls.Certificate
}

func newAccountQuerier(ctx context.Context, cctx sdkclient.Context, logger log.Logger, qc aclient.Client, tlsCertFile, tlsKeyFile string) (*accountQuerier, error) {
	pstorage, err := fromctx.PersistentConfigFromCtx(ctx)
	if err != nil {
		return nil, err
	}

	q := &accountQuerier{
		log:      logger.With("module", "account-querier"),
		qc:       qc,
		cctx:     cctx,
		pstorage: pstorage,
	}

	kpm, err := cutils.NewKeyPairManager(cctx, cctx.FromAddress)
	if err != nil {
		return nil, err
	}

	_, mtlscert, err := kpm.ReadX509KeyPair()
	if err != nil {
		return nil, fmt.Errorf("reading the provider's TLS key pair %s/%s.pem (create it with `tx cert generate server 127.0.0.1 localhost --from <provider>` and the same --home/keyring): %w",
			cctx.HomeDir, cctx.FromAddress, err)
	}
	q.mtlsCerts = []tls.Certificate{mtlscert}

	if tlsCertFile != "" {
		if _, err := os.Stat(tlsCertFile); err == nil {
			cert, err := tls.LoadX509KeyPair(tlsCertFile, tlsKeyFile)
			if err != nil {
				return nil, err
			}
			q.caCerts = []tls.Certificate{cert}
		}
	}

	return q, nil
}

func (c *accountQuerier) GetMTLS(context.Context) ([]tls.Certificate, error) {
	return c.mtlsCerts, nil
}

func (c *accountQuerier) GetCACerts(context.Context, string) ([]tls.Certificate, error) {
	return c.caCerts, nil
}

var errCertNotOnChain = errors.New("no valid certificate with this owner and serial on chain")

func (c *accountQuerier) GetAccountCertificate(ctx context.Context, acc sdk.Address, serial *big.Int) (*x509.Certificate, crypto.PublicKey, error) {
	cert, pubkey, err := c.pstorage.GetAccountCertificate(ctx, acc, serial)
	if err == nil {
		return cert, pubkey, nil
	}
	if !errors.Is(err, pconfig.ErrNotExists) {
		return nil, nil, err
	}

	cresp, err := c.qc.Query().Certs().Certificates(ctx, &ctypes.QueryCertificatesRequest{
		Filter: ctypes.CertificateFilter{
			Owner:  acc.String(),
			Serial: serial.String(),
			State:  "valid",
		},
	})
	if err != nil {
		return nil, nil, err
	}
	if len(cresp.Certificates) == 0 {
		return nil, nil, fmt.Errorf("%w: owner %s serial %s", errCertNotOnChain, acc, serial)
	}

	certData := cresp.Certificates[0]

	blk, rest := pem.Decode(certData.Certificate.Cert)
	if blk == nil || len(rest) > 0 {
		return nil, nil, ctypes.ErrInvalidCertificateValue
	}
	if blk.Type != ctypes.PemBlkTypeCertificate {
		return nil, nil, fmt.Errorf("%w: invalid pem block type", ctypes.ErrInvalidCertificateValue)
	}
	cert, err = x509.ParseCertificate(blk.Bytes)
	if err != nil {
		return nil, nil, err
	}

	blk, rest = pem.Decode(certData.Certificate.Pubkey)
	if blk == nil || len(rest) > 0 {
		return nil, nil, ctypes.ErrInvalidPubkeyValue
	}
	if blk.Type != ctypes.PemBlkTypeECPublicKey {
		return nil, nil, fmt.Errorf("%w: invalid pem block type", ctypes.ErrInvalidPubkeyValue)
	}
	pubkey, err = x509.ParsePKIXPublicKey(blk.Bytes)
	if err != nil {
		return nil, nil, err
	}

	_ = c.pstorage.AddAccountCertificate(ctx, acc, cert, pubkey)

	return cert, pubkey, nil
}

func (c *accountQuerier) GetAccountPublicKey(ctx context.Context, acc sdk.Address) (cryptotypes.PubKey, error) {
	pubkey, err := c.pstorage.GetAccountPublicKey(ctx, acc)
	if err == nil {
		return pubkey, nil
	}
	if !errors.Is(err, pconfig.ErrNotExists) {
		return nil, err
	}

	res, err := c.qc.Query().Auth().Account(ctx, &authtypes.QueryAccountRequest{Address: acc.String()})
	if err != nil {
		c.log.Error("fetching account info", "err", err.Error(), "account", acc.String())
		// unknown account: the gateway answers "invalid JWT" (it maps os.ErrNotExist)
		return nil, fmt.Errorf("%w: account %s: %v", os.ErrNotExist, acc, err)
	}

	var account sdk.AccountI
	if err := c.cctx.InterfaceRegistry.UnpackAny(res.Account, &account); err != nil {
		return nil, err
	}

	pubkey = account.GetPubKey()
	if pubkey == nil {
		// an account that never signed a transaction has no public key to verify against
		return nil, fmt.Errorf("%w: account %s has no public key on chain", os.ErrNotExist, acc)
	}

	if err := c.pstorage.AddAccount(ctx, account.GetAddress(), pubkey); err != nil && !errors.Is(err, pconfig.ErrExists) {
		c.log.Error("unable to save account pubkey into storage", "owner", account.GetAddress().String(), "err", err)
	}

	return pubkey, nil
}
