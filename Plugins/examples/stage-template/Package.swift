// swift-tools-version:6.1
// An in-process Funnel plugin: a shared object built against StageKit, loaded with
// `plugin load .build/release/libBudgetScreen.so` or from ~/.local/share/funnel/plugins/.
// `scripts/new-plugin NAME` copies this package under a new name; see docs/writing-a-stage.md.
import PackageDescription

let package = Package(
    name: "BudgetScreen",
    products: [
        // A shared object (libBudgetScreen.so) that links the StageKit funnel itself uses.
        .library(name: "BudgetScreen", type: .dynamic, targets: ["BudgetScreen"]),
    ],
    dependencies: [
        // The StageKit of the funnel checkout this plugin will be loaded into.
        .package(path: "../../../Modules/StageKit"),
    ],
    targets: [
        .target(name: "BudgetScreen", dependencies: [.product(name: "StageKit", package: "StageKit")],
                swiftSettings: [.swiftLanguageMode(.v6)]),
    ]
)
