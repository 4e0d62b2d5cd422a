package audiocodes

import switchboard "github.com/switchboard-pbx/switchboard"

// manuals are manualSteps and factoryReset in German and French
// (Model.Manuals), translated from the English in models.go; menu names
// stay as the English web interface shows them. Sources: the automatic
// update from an INI file URL (IniFileURL) is vendors.md §8 (MP-11x
// manual); the web interface's menu path, the factory login and the
// reset button are the English text of this package.
var manuals = map[string]switchboard.Manual{
	"de": {
		ManualSteps: []string{
			"Verbinden Sie einen Computer mit dem Netz des Adapters und öffnen Sie http://<IP des Adapters>/ (Werks-Login Admin / Admin).",
			"Gehen Sie zu Management > Software Update > Automatic Update (bei älterer Firmware: Advanced > Automatic Update).",
			"Fügen Sie die Provisionierungs-URL in INI File URL ein und klicken Sie auf Submit.",
			"Speichern Sie die Konfiguration dauerhaft (Burn) und starten Sie den Adapter neu: Er lädt sein Profil beim Start.",
		},
		FactoryReset: "Drücken Sie bei eingeschaltetem Adapter die Reset-Taste auf der Rückseite länger als 6 Sekunden, bis die Status-LED blinkt.",
	},
	"fr": {
		ManualSteps: []string{
			"Reliez un ordinateur au réseau de l'adaptateur et ouvrez http://<IP de l'adaptateur>/ (identifiants d'usine Admin / Admin).",
			"Allez dans Management > Software Update > Automatic Update (ancien firmware : Advanced > Automatic Update).",
			"Collez l'URL de provisioning dans INI File URL et cliquez sur Submit.",
			"Enregistrez la configuration en mémoire flash (Burn) et redémarrez l'adaptateur : il charge son profil au démarrage.",
		},
		FactoryReset: "Adaptateur sous tension, appuyez plus de 6 secondes sur le bouton de réinitialisation à l'arrière, jusqu'à ce que le voyant d'état clignote.",
	},
}
