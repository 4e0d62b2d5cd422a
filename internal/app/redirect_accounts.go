package app

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/redirect/services"
)

// RedirectAccountInput creates a redirect service account. Credentials are
// the service's secrets by name (yealink: access_key_id, access_key_secret;
// snom, gigaset, fanvil: user, password; grandstream: user, password,
// client_id, client_secret; poly: api_key).
type RedirectAccountInput struct {
	Service     string            `json:"service" doc:"yealink, snom, gigaset, fanvil, grandstream or poly"`
	Name        string            `json:"name"`
	URL         string            `json:"url,omitempty" doc:"The service's API base, only to be set by the operator (tests and simulators point it at a local fake); empty for the vendor's own"`
	Settings    map[string]string `json:"settings,omitempty" doc:"gigaset: provider; grandstream: site_id (required), org_id; poly: profile (required, the ZTP profile pointing at /ztp/)"`
	Credentials map[string]string `json:"credentials"`
}

// RedirectAccountPatch changes an account; absent fields stay. Settings and
// Credentials change only the names given, and an empty value removes one.
type RedirectAccountPatch struct {
	Name        *string           `json:"name,omitempty"`
	URL         *string           `json:"url,omitempty"`
	Settings    map[string]string `json:"settings,omitempty"`
	Credentials map[string]string `json:"credentials,omitempty"`
}

// RedirectAccountView is an account as clients see it: without the
// credentials' values, with their names.
type RedirectAccountView struct {
	switchboard.RedirectAccount
	// Title names the service, such as "Yealink RPS".
	Title string `json:"title"`
	// CredentialsSet names the stored credentials; their values are never
	// shown.
	CredentialsSet []string `json:"credentials_set"`
	// ZTPURL is where the account's registrations send phones: the
	// server's /ztp/ URL, which a service may need configured on its side
	// (a Poly ZTP profile, for one).
	ZTPURL string `json:"ztp_url"`
}

func (s *Service) redirectAccountView(a *switchboard.RedirectAccount) *RedirectAccountView {
	v := &RedirectAccountView{RedirectAccount: *a, CredentialsSet: slices.Sorted(maps.Keys(a.Credentials)), ZTPURL: s.ztpURL()}
	v.Credentials = nil
	if svc, ok := services.Lookup(a.Service); ok {
		v.Title = svc.Title
	}
	return v
}

// mayPointURL keeps the API base to the operator: a customer's
// administrator must not make the server call an address of their choice.
func mayPointURL(p switchboard.Principal, url string) error {
	if url != "" && p.Role != switchboard.RoleOperator {
		return &switchboard.Error{Code: switchboard.EFORBIDDEN, Field: "url",
			Message: "only the operator may set url; leave it out to use the service's own address"}
	}
	return nil
}

// CreateRedirectAccount adds an operator account (customerID empty,
// operator only) or a customer's own account (the operator or the
// customer's administrators).
func (s *Service) CreateRedirectAccount(ctx context.Context, p switchboard.Principal, customerID string, in RedirectAccountInput) (*RedirectAccountView, error) {
	if err := mayPointURL(p, in.URL); err != nil {
		return nil, err
	}
	a := &switchboard.RedirectAccount{CustomerID: customerID, Service: strings.TrimSpace(in.Service), Name: in.Name,
		URL: in.URL, Settings: orEmptyMap(in.Settings), Credentials: orEmptyMap(in.Credentials)}
	err := s.update(ctx, p, func(tx switchboard.Tx, now time.Time) (audit, error) {
		if err := mayOwnRedirect(tx, s, p, customerID); err != nil {
			return audit{}, err
		}
		if err := services.Check(a); err != nil {
			return audit{}, err
		}
		a.ID = switchboard.NewID("rda", now)
		a.CreatedAt, a.UpdatedAt = now, now
		if err := tx.CreateRedirectAccount(a); err != nil {
			return audit{}, fmt.Errorf("create redirect account: %w", err)
		}
		return audit{customer: customerID, action: "redirect_account.create", object: a.ID, detail: a.Service}, nil
	})
	if err != nil {
		return nil, err
	}
	return s.redirectAccountView(a), nil
}

// mayOwnRedirect allows the operator for operator accounts and the
// customer's administrators for the customer's.
func mayOwnRedirect(tx switchboard.Tx, s *Service, p switchboard.Principal, customerID string) error {
	if customerID == "" {
		return mayOperate(p)
	}
	_, err := s.customerFor(tx, p, customerID)
	return err
}

// orEmptyMap copies m, making nil an empty map.
func orEmptyMap(m map[string]string) map[string]string {
	if m == nil {
		return map[string]string{}
	}
	return maps.Clone(m)
}

// RedirectAccounts lists the operator's accounts (customerID empty,
// operator only) or a customer's own.
func (s *Service) RedirectAccounts(ctx context.Context, p switchboard.Principal, customerID string, page switchboard.Page) ([]*RedirectAccountView, string, error) {
	var as []*switchboard.RedirectAccount
	var next string
	err := s.view(ctx, func(tx switchboard.Tx) error {
		if err := mayOwnRedirect(tx, s, p, customerID); err != nil {
			return err
		}
		var err error
		as, next, err = tx.RedirectAccounts(customerID, page)
		return err
	})
	if err != nil {
		return nil, "", err
	}
	out := make([]*RedirectAccountView, len(as))
	for i, a := range as {
		out[i] = s.redirectAccountView(a)
	}
	return out, next, nil
}

// redirectAccountFor loads an account the caller may manage; customerID,
// when not empty, must be its owner (the customer-scoped paths).
func (s *Service) redirectAccountFor(tx switchboard.Tx, p switchboard.Principal, customerID, id string) (*switchboard.RedirectAccount, error) {
	a, err := tx.RedirectAccount(id)
	if err != nil {
		return nil, asNotFound(err, "redirect account", id)
	}
	if customerID != "" && a.CustomerID != customerID {
		return nil, notFound("redirect account", id)
	}
	if a.CustomerID == "" {
		if p.Role != switchboard.RoleOperator {
			return nil, notFound("redirect account", id)
		}
		return a, nil
	}
	if err := mayAdminister(p, a.CustomerID, "redirect account", id); err != nil {
		return nil, err
	}
	return a, nil
}

// RedirectAccount returns an account without its credentials' values.
func (s *Service) RedirectAccount(ctx context.Context, p switchboard.Principal, id string) (*RedirectAccountView, error) {
	return s.CustomerRedirectAccount(ctx, p, "", id)
}

// CustomerRedirectAccount returns an account of the customer.
func (s *Service) CustomerRedirectAccount(ctx context.Context, p switchboard.Principal, customerID, id string) (*RedirectAccountView, error) {
	var a *switchboard.RedirectAccount
	err := s.view(ctx, func(tx switchboard.Tx) error {
		var err error
		a, err = s.redirectAccountFor(tx, p, customerID, id)
		return err
	})
	if err != nil {
		return nil, err
	}
	return s.redirectAccountView(a), nil
}

// UpdateRedirectAccount changes an account; devices pick the change up
// with their next call.
func (s *Service) UpdateRedirectAccount(ctx context.Context, p switchboard.Principal, id string, in RedirectAccountPatch) (*RedirectAccountView, error) {
	return s.UpdateCustomerRedirectAccount(ctx, p, "", id, in)
}

// UpdateCustomerRedirectAccount changes an account of the customer.
func (s *Service) UpdateCustomerRedirectAccount(ctx context.Context, p switchboard.Principal, customerID, id string, in RedirectAccountPatch) (*RedirectAccountView, error) {
	if in.URL != nil {
		if err := mayPointURL(p, *in.URL); err != nil {
			return nil, err
		}
	}
	var a *switchboard.RedirectAccount
	err := s.update(ctx, p, func(tx switchboard.Tx, now time.Time) (audit, error) {
		var err error
		if a, err = s.redirectAccountFor(tx, p, customerID, id); err != nil {
			return audit{}, err
		}
		if in.Name != nil {
			a.Name = *in.Name
		}
		if in.URL != nil {
			a.URL = *in.URL
		}
		mergeFields(a.Settings, in.Settings)
		mergeFields(a.Credentials, in.Credentials)
		if err := services.Check(a); err != nil {
			return audit{}, err
		}
		a.UpdatedAt = now
		if err := tx.UpdateRedirectAccount(a); err != nil {
			return audit{}, fmt.Errorf("update redirect account: %w", err)
		}
		return audit{customer: a.CustomerID, action: "redirect_account.update", object: id, detail: a.Service}, nil
	})
	if err != nil {
		return nil, err
	}
	return s.redirectAccountView(a), nil
}

// mergeFields sets the values of patch in m and removes the names patch empties.
func mergeFields(m, patch map[string]string) {
	for k, v := range patch {
		if v == "" {
			delete(m, k)
		} else {
			m[k] = v
		}
	}
}

// DeleteRedirectAccount removes an account. It is refused (conflict) while
// calls through it wait in the outbox, so no device is left with a
// registration nobody can remove; MACs registered through it stay at the
// service.
func (s *Service) DeleteRedirectAccount(ctx context.Context, p switchboard.Principal, id string) error {
	return s.DeleteCustomerRedirectAccount(ctx, p, "", id)
}

// DeleteCustomerRedirectAccount removes an account of the customer.
func (s *Service) DeleteCustomerRedirectAccount(ctx context.Context, p switchboard.Principal, customerID, id string) error {
	return s.update(ctx, p, func(tx switchboard.Tx, now time.Time) (audit, error) {
		a, err := s.redirectAccountFor(tx, p, customerID, id)
		if err != nil {
			return audit{}, err
		}
		if err := tx.DeleteRedirectAccount(id); err != nil {
			return audit{}, err
		}
		return audit{customer: a.CustomerID, action: "redirect_account.delete", object: id, detail: a.Service}, nil
	})
}
