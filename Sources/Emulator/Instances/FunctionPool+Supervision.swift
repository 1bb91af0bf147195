import NIOCore

/// Starting an instance: its Runtime API server, then its `bootstrap` process; what fails is reported to the
/// machine as `.startFailed`, what succeeds as `.started`, and the process's lines and exit as events.
extension FunctionPool {
    func start(_ id: InstanceID) async {
        let server: HTTPServer
        var observer: HTTPServer.BodyObserver?
        if let observe = runtimeAPIObserver {
            observer = { [self] head in observe(head, self, id) }
        }
        do {
            server = try await HTTPServer.start(
                host: "127.0.0.1", port: 0, maxBodySize: Self.streamingResponseLimit + 1, policy: .runtimeAPI, group: group,
                observer: observer
            ) { [self] request, loop in
                self.runtimeAPI(request, self, id, loop)
            }
        } catch {
            failStart(id, type: "Runtime.Unknown", message: "Cannot start the Runtime API: \(error)")
            return
        }
        let environment = FunctionEnvironment.make(
            for: function, configuration: configuration, runtimeAPI: "127.0.0.1:\(server.port)")
        let process: FunctionProcess
        do {
            process = try FunctionProcess(
                executable: function.bootstrap, arguments: [], environment: environment,
                workingDirectory: function.taskRoot,
                onLine: { [self] source, line in self.output(id, source: source, line: line) },
                onExit: { [self] termination in self.exited(id, termination) })
        } catch {
            await server.shutdown()
            failStart(id, type: "Runtime.InvalidEntrypoint", message: "Couldn't find valid bootstrap(s): [\(function.bootstrap)]")
            return
        }
        var stillWanted = false
        run { state, effects in
            guard state.resources[id] != nil else { return }
            stillWanted = true
            state.resources[id]!.process = process
            state.resources[id]!.server = server
            handle(.started(id), &state, &effects)
        }
        if !stillWanted {
            process.kill()
            await server.shutdown()
        }
    }

    func failStart(_ id: InstanceID, type: String, message: String) {
        run { state, effects in handle(.startFailed(id, type: type, message: message, at: .now), &state, &effects) }
    }
}
