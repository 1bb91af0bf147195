import Foundation
import StackTemplate

/// A function the emulator can run: its settings from the template and where its `bootstrap` is.
public struct LocalFunction: Sendable {
    /// Settings from the template (name, handler, memory, timeout, environment).
    public var definition: FunctionDefinition
    /// The executable to start (a built product, or `bootstrap` in an unzipped package).
    public var bootstrap: String
    /// The code folder: `LAMBDA_TASK_ROOT` and the working directory of the process.
    public var taskRoot: String

    /// The function name.
    public var name: String { definition.name }
    /// Invocations one process serves at once (`AWS_LAMBDA_MAX_CONCURRENCY` in its environment when above 1).
    public var perProcessConcurrency: Int { max(1, definition.perProcessConcurrency) }

    /// Creates a local function from a code path.
    /// - Parameters:
    ///   - definition: Settings from the template.
    ///   - codePath: An executable file (it is the bootstrap; its folder is the task root) or a folder with an
    ///     executable `bootstrap` at its root, as `build.sh` zips unpack.
    public init(definition: FunctionDefinition, codePath: String) {
        self.definition = definition
        let absolute = URL(fileURLWithPath: codePath).standardizedFileURL.path
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: absolute, isDirectory: &isDirectory), isDirectory.boolValue {
            self.taskRoot = absolute
            self.bootstrap = absolute + "/bootstrap"
        } else {
            self.taskRoot = (absolute as NSString).deletingLastPathComponent
            self.bootstrap = absolute
        }
    }

    /// Creates a local function with an explicit bootstrap and task root.
    /// - Parameters:
    ///   - definition: Settings from the template.
    ///   - bootstrap: The executable to start.
    ///   - taskRoot: The code folder.
    public init(definition: FunctionDefinition, bootstrap: String, taskRoot: String) {
        self.definition = definition
        self.bootstrap = bootstrap
        self.taskRoot = taskRoot
    }
}
