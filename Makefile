# `make run` starts Switchboard on the embedded store in ./data;
# `make test` installs what the tests need and runs every test.
.PHONY: run test build

run:
	go run ./cmd/switchboard serve

test:
	./scripts/test.sh

build:
	CGO_ENABLED=0 go build -o bin/switchboard ./cmd/switchboard
