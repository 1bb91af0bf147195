import LambdaRuntime
import WhatIsMyIPHandler

LambdaRuntime.run { WhatIsMyIPHandler() }
