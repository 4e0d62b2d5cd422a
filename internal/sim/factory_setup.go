package sim

import (
	"context"
	"fmt"
	"net/url"

	"github.com/switchboard-pbx/switchboard/internal/apiclient"
)

// factoryStart prepares a phone's factory-fresh start as Setup's options
// ask: its initial login read from the API, or the MAC provisioning of a
// device an earlier run created (reused) armed again.
func factoryStart(ctx context.Context, c *apiclient.Client, o SetupOptions, ph *Phone, reused bool) error {
	dpath := "/api/v1/devices/" + url.PathEscape(ph.DeviceID)
	if o.Redirects != nil && reused {
		arm := map[string]any{"mac_provisioning": "once", "label_code": LabelCode(ph.MAC)}
		if err := c.Do(ctx, "PATCH", dpath, arm, nil); err != nil {
			return fmt.Errorf("arm MAC provisioning of device %s: %w", ph.DeviceID, err)
		}
	}
	if !o.Login {
		return nil
	}
	var il struct {
		Username  string `json:"username"`
		Password  string `json:"password"`
		ServerURL string `json:"server_url"`
	}
	if err := c.Do(ctx, "GET", dpath+"/initial-login", nil, &il); err != nil {
		return fmt.Errorf("initial login of device %s: %w", ph.DeviceID, err)
	}
	ph.Factory = &Factory{LoginURL: il.ServerURL, LoginUser: il.Username, LoginPassword: il.Password}
	return nil
}
