import APIProxyHandler
import LambdaRuntime

LambdaRuntime.run { try APIProxyHandler() }
