package kms

import (
	"context"
	"encoding/hex"
	"sort"
	"time"

	"github.com/setup-emulator/setup-emulator/server/awsapi"
)

// customKeyStore is a recorded custom key store (CloudHSM or external). The
// emulator has no HSM cluster or external proxy behind it: connecting
// succeeds at once, and keys created in a store get key material generated
// here, so they encrypt like any symmetric key.
type customKeyStore struct {
	id, name, typ string
	clusterID     string
	trustAnchor   string
	state         string // CONNECTED or DISCONNECTED
	created       time.Time
	xks           *XksProxyConfigurationType
}

func (c *customKeyStore) entry() CustomKeyStoresListEntry {
	e := CustomKeyStoresListEntry{CustomKeyStoreId: ptr(c.id), CustomKeyStoreName: ptr(c.name), CustomKeyStoreType: ptr(c.typ),
		ConnectionState: ptr(c.state), CreationDate: ptr(c.created)}
	if c.typ == "AWS_CLOUDHSM" {
		e.CloudHsmClusterId, e.TrustAnchorCertificate = ptr(c.clusterID), ptr(c.trustAnchor)
	} else {
		e.XksProxyConfiguration = c.xks
	}
	return e
}

// CreateCustomKeyStore implements Provider: records the store, DISCONNECTED
// (API Reference, CreateCustomKeyStore). AWS_CLOUDHSM needs CloudHsmClusterId,
// TrustAnchorCertificate and KeyStorePassword; EXTERNAL_KEY_STORE needs the
// proxy endpoint, path, credential and connectivity. A taken name is
// CustomKeyStoreNameInUseException.
func (s *Service) CreateCustomKeyStore(ctx context.Context, in *CreateCustomKeyStoreRequest) (*CreateCustomKeyStoreResponse, error) {
	typ := orDefault(valueOf(in.CustomKeyStoreType), "AWS_CLOUDHSM")
	c := &customKeyStore{id: "cks-" + hex.EncodeToString(randomBytes(9))[:17], name: valueOf(in.CustomKeyStoreName), typ: typ,
		state: "DISCONNECTED", created: s.env.Now()}
	switch typ {
	case "AWS_CLOUDHSM":
		if in.CloudHsmClusterId == nil || in.TrustAnchorCertificate == nil || in.KeyStorePassword == nil {
			return nil, errValidation("CloudHsmClusterId, TrustAnchorCertificate and KeyStorePassword are required for an AWS_CLOUDHSM key store.")
		}
		c.clusterID, c.trustAnchor = *in.CloudHsmClusterId, *in.TrustAnchorCertificate
	case "EXTERNAL_KEY_STORE":
		if in.XksProxyUriEndpoint == nil || in.XksProxyUriPath == nil || in.XksProxyAuthenticationCredential == nil || in.XksProxyConnectivity == nil {
			return nil, errValidation("XksProxyUriEndpoint, XksProxyUriPath, XksProxyAuthenticationCredential and XksProxyConnectivity are required for an EXTERNAL_KEY_STORE.")
		}
		c.xks = &XksProxyConfigurationType{Connectivity: in.XksProxyConnectivity, AccessKeyId: in.XksProxyAuthenticationCredential.AccessKeyId,
			UriEndpoint: in.XksProxyUriEndpoint, UriPath: in.XksProxyUriPath, VpcEndpointServiceName: in.XksProxyVpcEndpointServiceName,
			VpcEndpointServiceOwner: in.XksProxyVpcEndpointServiceOwner}
	}
	r := awsapi.RequestFrom(ctx)
	st := s.store(r.Account, r.Region)
	st.mu.Lock()
	defer st.mu.Unlock()
	for _, o := range st.keyStores {
		if o.name == c.name {
			return nil, &CustomKeyStoreNameInUseException{Message: ptr("Custom key store name " + c.name + " is already in use.")}
		}
		if typ == "AWS_CLOUDHSM" && o.clusterID == c.clusterID {
			return nil, &CloudHsmClusterInUseException{Message: ptr("CloudHSM cluster " + c.clusterID + " is already associated with a custom key store.")}
		}
	}
	st.keyStores[c.id] = c
	return &CreateCustomKeyStoreResponse{CustomKeyStoreId: ptr(c.id)}, nil
}

// withKeyStore runs fn on the store id names (CustomKeyStoreNotFoundException).
func (s *Service) withKeyStore(ctx context.Context, id *string, fn func(c *customKeyStore, st *store) error) error {
	r := awsapi.RequestFrom(ctx)
	st := s.store(r.Account, r.Region)
	st.mu.Lock()
	defer st.mu.Unlock()
	c := st.keyStores[valueOf(id)]
	if c == nil {
		return &CustomKeyStoreNotFoundException{Message: ptr("Custom key store " + valueOf(id) + " not found.")}
	}
	return fn(c, st)
}

// ConnectCustomKeyStore implements Provider: CONNECTED at once.
func (s *Service) ConnectCustomKeyStore(ctx context.Context, in *ConnectCustomKeyStoreRequest) (*ConnectCustomKeyStoreResponse, error) {
	err := s.withKeyStore(ctx, in.CustomKeyStoreId, func(c *customKeyStore, _ *store) error {
		c.state = "CONNECTED"
		return nil
	})
	if err != nil {
		return nil, err
	}
	return &ConnectCustomKeyStoreResponse{}, nil
}

// DisconnectCustomKeyStore implements Provider.
func (s *Service) DisconnectCustomKeyStore(ctx context.Context, in *DisconnectCustomKeyStoreRequest) (*DisconnectCustomKeyStoreResponse, error) {
	err := s.withKeyStore(ctx, in.CustomKeyStoreId, func(c *customKeyStore, _ *store) error {
		c.state = "DISCONNECTED"
		return nil
	})
	if err != nil {
		return nil, err
	}
	return &DisconnectCustomKeyStoreResponse{}, nil
}

// DeleteCustomKeyStore implements Provider: the store must be disconnected
// (CustomKeyStoreInvalidStateException) and hold no keys
// (CustomKeyStoreHasCMKsException).
func (s *Service) DeleteCustomKeyStore(ctx context.Context, in *DeleteCustomKeyStoreRequest) (*DeleteCustomKeyStoreResponse, error) {
	err := s.withKeyStore(ctx, in.CustomKeyStoreId, func(c *customKeyStore, st *store) error {
		if c.state != "DISCONNECTED" {
			return &CustomKeyStoreInvalidStateException{Message: ptr("Custom key store " + c.id + " must be disconnected before it is deleted.")}
		}
		for _, k := range st.keys {
			if k.keyStore == c.id {
				return &CustomKeyStoreHasCMKsException{Message: ptr("Custom key store " + c.id + " has KMS keys; delete them first.")}
			}
		}
		delete(st.keyStores, c.id)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return &DeleteCustomKeyStoreResponse{}, nil
}

// UpdateCustomKeyStore implements Provider: the store must be
// disconnected; a taken new name is CustomKeyStoreNameInUseException.
func (s *Service) UpdateCustomKeyStore(ctx context.Context, in *UpdateCustomKeyStoreRequest) (*UpdateCustomKeyStoreResponse, error) {
	err := s.withKeyStore(ctx, in.CustomKeyStoreId, func(c *customKeyStore, st *store) error {
		if c.state != "DISCONNECTED" {
			return &CustomKeyStoreInvalidStateException{Message: ptr("Custom key store " + c.id + " must be disconnected to be updated.")}
		}
		if n := valueOf(in.NewCustomKeyStoreName); n != "" {
			for _, o := range st.keyStores {
				if o != c && o.name == n {
					return &CustomKeyStoreNameInUseException{Message: ptr("Custom key store name " + n + " is already in use.")}
				}
			}
			c.name = n
		}
		if in.CloudHsmClusterId != nil {
			c.clusterID = *in.CloudHsmClusterId
		}
		if c.xks != nil {
			x := *c.xks
			if in.XksProxyUriEndpoint != nil {
				x.UriEndpoint = in.XksProxyUriEndpoint
			}
			if in.XksProxyUriPath != nil {
				x.UriPath = in.XksProxyUriPath
			}
			if in.XksProxyConnectivity != nil {
				x.Connectivity = in.XksProxyConnectivity
			}
			if in.XksProxyAuthenticationCredential != nil {
				x.AccessKeyId = in.XksProxyAuthenticationCredential.AccessKeyId
			}
			if in.XksProxyVpcEndpointServiceName != nil {
				x.VpcEndpointServiceName = in.XksProxyVpcEndpointServiceName
			}
			c.xks = &x
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return &UpdateCustomKeyStoreResponse{}, nil
}

// DescribeCustomKeyStores implements Provider: every store, or the one
// CustomKeyStoreId or CustomKeyStoreName names (CustomKeyStoreNotFoundException).
func (s *Service) DescribeCustomKeyStores(ctx context.Context, in *DescribeCustomKeyStoresRequest) (*DescribeCustomKeyStoresResponse, error) {
	r := awsapi.RequestFrom(ctx)
	st := s.store(r.Account, r.Region)
	st.mu.Lock()
	entries := []CustomKeyStoresListEntry{}
	for _, c := range st.keyStores {
		if in.CustomKeyStoreId != nil && *in.CustomKeyStoreId != c.id || in.CustomKeyStoreName != nil && *in.CustomKeyStoreName != c.name {
			continue
		}
		entries = append(entries, c.entry())
	}
	st.mu.Unlock()
	if len(entries) == 0 && (in.CustomKeyStoreId != nil || in.CustomKeyStoreName != nil) {
		return nil, &CustomKeyStoreNotFoundException{Message: ptr("Custom key store not found.")}
	}
	sort.Slice(entries, func(i, j int) bool { return entries[i].CreationDate.Before(*entries[j].CreationDate) })
	p, next, trunc, err := page(entries, in.Limit, in.Marker)
	if err != nil {
		return nil, err
	}
	return &DescribeCustomKeyStoresResponse{CustomKeyStores: p, NextMarker: next, Truncated: trunc}, nil
}

// keyStoreForKey checks CreateKey's CustomKeyStoreId: the store must exist
// and be CONNECTED; AWS_CLOUDHSM keys have Origin AWS_CLOUDHSM, external
// ones EXTERNAL_KEY_STORE and an XksKeyId; both are SYMMETRIC_DEFAULT.
func (s *Service) keyStoreForKey(st *store, id, origin, spec, xksKeyID string) (*customKeyStore, error) {
	c := st.keyStores[id]
	if c == nil {
		return nil, &CustomKeyStoreNotFoundException{Message: ptr("Custom key store " + id + " not found.")}
	}
	if c.state != "CONNECTED" {
		return nil, &CustomKeyStoreInvalidStateException{Message: ptr("Custom key store " + id + " is not connected.")}
	}
	want := map[string]string{"AWS_CLOUDHSM": "AWS_CLOUDHSM", "EXTERNAL_KEY_STORE": "EXTERNAL_KEY_STORE"}[c.typ]
	if origin != want {
		return nil, errValidation("Origin must be %s for a key in custom key store %s.", want, id)
	}
	if spec != KeySpecSYMMETRICDEFAULT {
		return nil, &UnsupportedOperationException{Message: ptr("Keys in a custom key store must be SYMMETRIC_DEFAULT.")}
	}
	if c.typ == "EXTERNAL_KEY_STORE" && xksKeyID == "" {
		return nil, errValidation("XksKeyId is required for a key in an external key store.")
	}
	return c, nil
}
