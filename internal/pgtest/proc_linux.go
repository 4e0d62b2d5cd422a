package pgtest

import "syscall"

// procAttr runs a server program as cred (when set) and has the kernel
// send it SIGQUIT, PostgreSQL's immediate shutdown, if the test binary dies
// without calling Main's cleanup (a panic or a timeout).
func procAttr(cred *syscall.Credential) *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Credential: cred, Pdeathsig: syscall.SIGQUIT}
}
