package main

import (
	"context"
	"errors"
	"fmt"
	"time"

	switchboard "github.com/switchboard-pbx/switchboard"
	"github.com/switchboard-pbx/switchboard/internal/app"
)

// demoUserWait bounds the wait for the demo workplace's order, which the
// server carries out in the background.
const demoUserWait = time.Minute

// demoUserLogin gives the user of the customer's first workplace with a
// phone a portal password once its order has made the workplace active,
// and says how to log in with it.
func demoUserLogin(ctx context.Context, svc *app.Service, customerID string) (string, error) {
	sys := switchboard.System
	wps, _, err := svc.Workplaces(ctx, sys, customerID, switchboard.Page{Limit: 20})
	if err != nil {
		return "", fmt.Errorf("demo workplaces: %w", err)
	}
	for _, w := range wps {
		ds, _, err := svc.WorkplaceDevices(ctx, sys, w.ID, switchboard.Page{Limit: 1})
		if err != nil {
			return "", fmt.Errorf("devices of demo workplace: %w", err)
		}
		if len(ds) == 0 {
			continue
		}
		deadline := time.Now().Add(demoUserWait)
		for {
			password, err := svc.SetUserPassword(ctx, sys, w.ID)
			switch {
			case err == nil:
				return fmt.Sprintf("user %s / %s (sees only %q)", w.Username, password, ds[0].Description), nil
			case switchboard.ErrorCode(err) != switchboard.ECONFLICT:
				return "", fmt.Errorf("demo user's password: %w", err)
			case time.Now().After(deadline):
				return "", fmt.Errorf("demo workplace %s not active after %v: %w", w.Username, demoUserWait, err)
			}
			select {
			case <-ctx.Done():
				return "", ctx.Err()
			case <-time.After(200 * time.Millisecond):
			}
		}
	}
	return "", errors.New("the demo customer has no workplace with a phone")
}
