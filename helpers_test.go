package switchboard_test

import "fmt"

type errorString string

func (e errorString) Error() string { return string(e) }

func fmtErr(err error) error { return fmt.Errorf("create device: %w", err) }
