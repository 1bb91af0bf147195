#ifndef CMAGICKWAND_SHIM_H
#define CMAGICKWAND_SHIM_H

// SwiftPM drops pkg-config's -D flags, so restate the build options of Debian's
// ImageMagick 6 (Q16, no HDRI). They must match the installed library, or the
// headers describe structs with a different layout from the ones it uses.
#ifndef MAGICKCORE_QUANTUM_DEPTH
#define MAGICKCORE_QUANTUM_DEPTH 16
#endif
#ifndef MAGICKCORE_HDRI_ENABLE
#define MAGICKCORE_HDRI_ENABLE 0
#endif

#include <wand/MagickWand.h>

#endif
