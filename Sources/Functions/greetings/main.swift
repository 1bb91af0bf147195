import GreetingsHandler
import LambdaRuntime

LambdaRuntime.run { GreetingsHandler() }
