package gigaset

import switchboard "github.com/switchboard-pbx/switchboard"

// The German and French text of the bases' and handsets' set-up and reset
// (Model.Manuals), translated from the English in models.go; menu names
// stay as the English web interface shows them. Sources: the base's
// provisioning server setting (Provisioning.global.ProvisioningServer)
// and the handset registration PIN (hs.N.DECT_AC) are vendors.md §5; the
// handset's Handset Reset menu is Gigaset's handset user guides
// ("Resetting the handset/base station", Gigaset E630 user manual seen
// through the search tool); the menu paths of the web interface and the
// base's reset button are the English text of this package.
var (
	baseManuals = map[string]switchboard.Manual{
		"de": {
			ManualSteps: []string{
				"Ermitteln Sie die IP-Adresse der Basisstation in der Geräteliste Ihres Routers (die Basis hat kein Display).",
				"Öffnen Sie https://<IP der Basis>/ im Browser und melden Sie sich als admin an (Werkspasswort: admin).",
				"Gehen Sie zu Settings > System > Provisioning and configuration.",
				"Fügen Sie die Provisionierungs-URL (sie endet mit '/') in Provisioning server ein und klicken Sie auf Set.",
				"Klicken Sie auf Start auto configuration: Die Basis lädt ihr Profil und richtet die Konten ihrer Mobilteile ein.",
			},
			FactoryReset: "Drücken Sie die Reset-Taste der Basisstation mindestens 20 Sekunden, bis ihre LEDs blinken; die Basis startet mit Werkseinstellungen neu.",
		},
		"fr": {
			ManualSteps: []string{
				"Trouvez l'adresse IP de la station de base dans la liste des appareils de votre routeur (la base n'a pas d'écran).",
				"Ouvrez https://<IP de la base>/ dans un navigateur et connectez-vous en admin (mot de passe d'usine : admin).",
				"Allez dans Settings > System > Provisioning and configuration.",
				"Collez l'URL de provisioning (elle se termine par '/') dans Provisioning server et cliquez sur Set.",
				"Cliquez sur Start auto configuration : la base charge son profil et configure les comptes de ses combinés.",
			},
			FactoryReset: "Appuyez au moins 20 secondes sur le bouton de réinitialisation de la station de base, jusqu'à ce que ses voyants clignotent ; la base redémarre avec les réglages d'usine.",
		},
	}
	handsetManuals = map[string]switchboard.Manual{
		"de": {
			ManualSteps: []string{
				"Ordnen Sie das Mobilteil in Switchboard seiner Basisstation zu; die Basis erhält das Konto des Mobilteils.",
				"Melden Sie das Mobilteil innerhalb von 15 Minuten an, nachdem die Basis ihr Profil geladen hat (dann öffnet sie die Anmeldung): am Mobilteil Menu > Settings > Registration > Register Handset, und geben Sie die PIN der Basis ein, die Switchboard zeigt.",
			},
			FactoryReset: "Am Mobilteil: Menu > Settings > System > Handset Reset, danach melden Sie es wieder an seiner Basis an.",
		},
		"fr": {
			ManualSteps: []string{
				"Rattachez le combiné à sa station de base dans Switchboard ; la base reçoit le compte du combiné.",
				"Enregistrez le combiné dans les 15 minutes qui suivent le chargement du profil par la base (elle ouvre alors l'enregistrement) : sur le combiné, Menu > Settings > Registration > Register Handset, puis saisissez le code PIN de la base affiché par Switchboard.",
			},
			FactoryReset: "Sur le combiné : Menu > Settings > System > Handset Reset, puis enregistrez-le à nouveau sur sa base.",
		},
	}
)
