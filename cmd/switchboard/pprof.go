package main

import (
	"fmt"
	"net"
	"net/http"
	"net/http/pprof"
	"net/netip"
)

// pprofHandler serves Go's profiles (/debug/pprof/) so that an operator can
// see where a busy node spends its CPU and memory, as the benchmarks in
// BENCHMARKS.md do.
func pprofHandler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("/debug/pprof/", pprof.Index)
	mux.HandleFunc("/debug/pprof/cmdline", pprof.Cmdline)
	mux.HandleFunc("/debug/pprof/profile", pprof.Profile)
	mux.HandleFunc("/debug/pprof/symbol", pprof.Symbol)
	mux.HandleFunc("/debug/pprof/trace", pprof.Trace)
	return mux
}

// checkPprofAddr keeps the profiles on loopback: they show the process's
// memory and command line, which are nobody's business but the operator's.
func checkPprofAddr(addr string) error {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("--pprof: %q is not host:port", addr)
	}
	if ip, err := netip.ParseAddr(host); err != nil || !ip.IsLoopback() {
		return fmt.Errorf("--pprof: %q is not a loopback address; profiles are served on loopback only, e.g. 127.0.0.1:6060", addr)
	}
	return nil
}
