// Package xsi is Switchboard's CTI interface: the subset of BroadWorks'
// Xsi-Actions and Xsi-Events that CTI servers built for BroadWorks clouds
// use (issue 16, seed 002), so that they connect unchanged.
//
// Wiring: build the handler with New over the use cases (*app.Service)
// and the change bus, and mount it on the HTTP listener under
// ActionsPrefix, EventsPrefix and AsyncPrefix. Close Options.Done to end
// the event channels when the server stops; the handler's event reader
// runs until then.
//
// Documents are written element by element (element.go) in the order of
// the Xsi schema, events with the "xsi" and "xsi1" prefixes BroadWorks
// uses, because clients match them literally. Request bodies are read
// with encoding/xml, which ignores what it does not know.
//
// Event channels live in the memory of the node that holds the client's
// connection (hub.go); the events themselves are read from the store
// (reader.go) whenever the bus says a customer's calls or call settings
// changed, so a change on any node reaches every channel.
package xsi
