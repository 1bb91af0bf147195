import LambdaRuntime
import StreamingGreetingsHandler

LambdaRuntime.run(streaming: { StreamingGreetingsHandler() })
