// How the rest of the program uses this package:
//
//   - The catalogue: New() implements switchboard.Catalogue for GET
//     /api/v1/models and for checking a device's model.
//   - The provisioning server: load the device by its key, take its model
//     from the catalogue, build a switchboard.Profile (server settings
//     after switchboard.MustEncrypt; for a DECT base, one line per attached
//     handset, in handset order, with Handsets[i] = {Index: i+1, Lines:
//     [i+1]}), then Render. The first file answers "/<key>.cfg"; FindFile
//     maps "/<key>/<name>" to a file, filling in the device's MAC and key.
//     Identify(User-Agent, file name) yields the vendor, model and MAC the
//     request shows; Identity.Conflict or a MAC other than the device's is
//     a refusal.
//   - The phone simulator: fetch the model's files, then Account(model,
//     files, n) reads line n as the phone would (registrar, port,
//     transport, SRTP, credentials).
//   - Device actions: Model.ActionEvent gives the NOTIFY event and reboot
//     flag, or a conflict error naming the model when it cannot do it.
package vendors
