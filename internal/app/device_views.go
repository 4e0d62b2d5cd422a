package app

import (
	"context"
	"net/url"

	switchboard "github.com/switchboard-pbx/switchboard"
)

// SIPAccountView is what a person needs to configure a device's SIP account
// by hand (DESIGN §5 /sip-account). It carries the SIP password.
type SIPAccountView struct {
	Username  string `json:"username"`
	AuthName  string `json:"auth_name"`
	Password  string `json:"password"`
	Domain    string `json:"domain"`
	Registrar string `json:"registrar"`
	Proxy     string `json:"proxy"`
	Port      int    `json:"port"`
	TLSPort   int    `json:"tls_port"`
	// Transport is tls when the device's site requires encryption, else udp.
	Transport string `json:"transport"`
}

// InitialLoginView is the one-time login a user types on a phone pointed at
// the shared login URL (seed 000). It carries the one-time password.
type InitialLoginView struct {
	Username  string `json:"username"`
	Password  string `json:"password"`
	ServerURL string `json:"server_url"`
	Used      bool   `json:"used"`
}

// SIPAccount returns a device's SIP account to the customer's
// administrators and the user of its workplace.
func (s *Service) SIPAccount(ctx context.Context, p switchboard.Principal, id string) (*SIPAccountView, error) {
	var v *SIPAccountView
	err := s.view(ctx, func(tx switchboard.Tx) error {
		d, err := deviceFor(tx, p, id)
		if err != nil {
			return err
		}
		c, err := tx.Customer(d.CustomerID)
		if err != nil {
			return err
		}
		encrypted, err := siteEncryption(tx, d)
		if err != nil {
			return err
		}
		v = s.sipAccountView(d, c, encrypted)
		return nil
	})
	return v, err
}

// sipAccountView fills the view from the device, its customer and the
// installation's SIP settings.
func (s *Service) sipAccountView(d *switchboard.Device, c *switchboard.Customer, encrypted bool) *SIPAccountView {
	v := &SIPAccountView{
		Username:  d.SIP.Username,
		AuthName:  d.SIP.AuthName,
		Password:  d.SIP.Password,
		Domain:    c.SIPDomain,
		Registrar: s.sip.Registrar,
		Proxy:     s.sip.Proxy,
		Port:      s.sip.Port,
		TLSPort:   s.sip.TLSPort,
		Transport: "udp",
	}
	if v.Domain == "" {
		v.Domain = s.sip.Domain
	}
	if v.Registrar == "" {
		if u, err := url.Parse(s.provURL); err == nil {
			v.Registrar = u.Hostname()
		}
	}
	if v.Proxy == "" {
		v.Proxy = v.Registrar
	}
	if encrypted {
		v.Transport = "tls"
	}
	return v
}

// InitialLogin returns a device's initial login to the customer's
// administrators and the user of its workplace.
func (s *Service) InitialLogin(ctx context.Context, p switchboard.Principal, id string) (*InitialLoginView, error) {
	var v *InitialLoginView
	err := s.view(ctx, func(tx switchboard.Tx) error {
		d, err := deviceFor(tx, p, id)
		if err != nil {
			return err
		}
		v = &InitialLoginView{
			Username:  d.InitialLogin.Username,
			Password:  d.InitialLogin.Password,
			ServerURL: s.provURL + "/login/",
			Used:      !d.InitialLogin.UsedAt.IsZero(),
		}
		return nil
	})
	return v, err
}
