package bench

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"time"

	switchboard "github.com/switchboard-pbx/switchboard"
)

// Fleet shapes the devices LoadFleet writes straight into a store, the fast
// path for a million devices that the API would take hours to create.
type Fleet struct {
	Devices int
	// Customers share the devices: the first customer owns every other
	// device (the large customer whose lists go deep), the others the rest
	// in turn. At least 2.
	Customers int
	// Models are the device models' ids, used in turn.
	Models []string
	// Batch is how many devices one transaction writes.
	Batch int
}

// devicesPerWorkplace is how many consecutive devices of one customer
// share a workplace (a desk phone and two more); the rest of every
// hundred are free hot-desk devices.
const devicesPerWorkplace = 3

// Loaded is what LoadFleet wrote, for the measurements to pick from.
type Loaded struct {
	// Customers are the customers' ids, the large one first.
	Customers []string
	// Workplaces are the workplaces' ids.
	Workplaces []string
	// DeviceIDs are the devices' ids; device i has the access key
	// FleetAccessKey(i) and belongs to Customers[FleetCustomer(i, n)].
	DeviceIDs []string
}

// FleetAccessKey is device i's access key: distinct per device and known
// to the benchmark without keeping a million keys.
func FleetAccessKey(i int) string { return fmt.Sprintf("k%047x", i) }

// FleetCustomer is the index of device i's customer among n customers.
func FleetCustomer(i, n int) int {
	if i%2 == 0 {
		return 0
	}
	return 1 + (i/2)%(n-1)
}

// LoadFleet writes f's customers, their workplaces and devices through the
// store's ordinary Create methods in transactions of f.Batch devices, and
// reports progress to progress every tenth of the fleet.
func LoadFleet(ctx context.Context, db switchboard.Store, f Fleet, progress io.Writer) (*Loaded, error) {
	if f.Customers < 2 || f.Devices < 1 || len(f.Models) == 0 || f.Batch < 1 {
		return nil, switchboard.Errorf(switchboard.EINVALID, "a fleet needs devices, two customers, models and a batch size")
	}
	start := time.Now()
	l := &Loaded{DeviceIDs: make([]string, 0, f.Devices)}
	err := db.Update(ctx, func(tx switchboard.Tx) error {
		for c := range f.Customers {
			cu := &switchboard.Customer{ID: switchboard.NewID("cus", start), Name: fmt.Sprintf("Bench %d", c),
				AdminEmail: "bench@example.com", SIPDomain: fmt.Sprintf("c%d.bench.example", c), CreatedAt: start, UpdatedAt: start}
			if err := tx.CreateCustomer(cu); err != nil {
				return err
			}
			l.Customers = append(l.Customers, cu.ID)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("create the customers: %w", err)
	}
	// seen counts each customer's devices so far, to group them into
	// workplaces; open is the workplace a customer fills now.
	seen := make([]int, f.Customers)
	open := make([]string, f.Customers)
	step := max(f.Devices/10, 1)
	for from := 0; from < f.Devices; from += f.Batch {
		to := min(from+f.Batch, f.Devices)
		err := db.Update(ctx, func(tx switchboard.Tx) error {
			now := time.Now()
			for i := from; i < to; i++ {
				c := FleetCustomer(i, f.Customers)
				n := seen[c] % 100
				if n == 0 {
					w, err := createFleetWorkplace(tx, l.Customers[c], len(l.Workplaces)+1, now)
					if err != nil {
						return err
					}
					open[c] = w
					l.Workplaces = append(l.Workplaces, w)
				}
				seen[c]++
				// Each device's own time orders the ids as the API's would be.
				d := fleetDevice(i, l.Customers[c], f.Models[i%len(f.Models)], time.Now())
				if n < devicesPerWorkplace {
					d.WorkplaceID = open[c]
				}
				if err := tx.CreateDevice(d); err != nil {
					return fmt.Errorf("device %d: %w", i, err)
				}
				l.DeviceIDs = append(l.DeviceIDs, d.ID)
			}
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("load devices %d to %d: %w", from, to, err)
		}
		if to/step != from/step || to == f.Devices {
			el := time.Since(start)
			fmt.Fprintf(progress, "loaded %d of %d devices in %.1f s (%.0f/s)\n", to, f.Devices, el.Seconds(), float64(to)/el.Seconds())
		}
	}
	return l, nil
}

// createFleetWorkplace creates the active workplace number n of a customer
// and returns its id.
func createFleetWorkplace(tx switchboard.Tx, customer string, n int, now time.Time) (string, error) {
	w := &switchboard.Workplace{ID: switchboard.NewID("wp", now), CustomerID: customer, FirstName: "Bench",
		LastName: fmt.Sprint(n), Email: fmt.Sprintf("w%d@bench.example", n), Language: "en",
		Username: fmt.Sprintf("bench%d", n), Numbers: []string{}, State: switchboard.WorkplaceActive,
		CreatedAt: now, UpdatedAt: now}
	if err := tx.CreateWorkplace(w); err != nil {
		return "", fmt.Errorf("workplace %d: %w", n, err)
	}
	return w.ID, nil
}

// fleetDevice is device i with the secrets a device the API creates has.
func fleetDevice(i int, customer, model string, now time.Time) *switchboard.Device {
	user := fmt.Sprintf("b%014d", i)
	return &switchboard.Device{ID: switchboard.NewID("dev", now), CustomerID: customer, Model: model,
		Kind: switchboard.KindDeskPhone, MAC: fmt.Sprintf("0b%010x", i), MACProvisioning: switchboard.MACOff,
		AccessKey: FleetAccessKey(i), AdminPassword: fmt.Sprintf("%06d", i%1000000), WebUser: "admin",
		WebPassword: fmt.Sprintf("%06d", (i*7)%1000000), Keys: []switchboard.FunctionKey{},
		SIP:          switchboard.SIPAccount{Username: user, AuthName: user, Password: fmt.Sprintf("p%023d", i)},
		InitialLogin: switchboard.InitialLogin{Username: fmt.Sprintf("%010d", i), Password: fmt.Sprintf("%010d", i*3)},
		CreatedAt:    now, UpdatedAt: now}
}

// WriteImportCSV writes the CSV file of an import of n free devices of the
// models in turn, with MACs no fleet device has, as an operator would
// upload it.
func WriteImportCSV(w io.Writer, n int, models []string) error {
	bw := bufio.NewWriter(w)
	fmt.Fprintln(bw, "model,mac,description,workplace")
	for i := range n {
		fmt.Fprintf(bw, "%s,0c:%02x:%02x:%02x:%02x:%02x,Imported %d,\n", models[i%len(models)],
			byte(i>>32), byte(i>>24), byte(i>>16), byte(i>>8), byte(i), i)
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("write the import file: %w", err)
	}
	return nil
}
