// One decision for a test with several failures, shared by the listener and `preflight classify`.
#pragma once

#include <vector>

#include "preflight/classify/classifier.h"

namespace preflight {

// 1. Proof of a code problem in any failure (an SQL error, a 4xx, an error the test expected)
//    makes the test code.
// 2. Otherwise the first failure decides: later ones usually follow from it.
// 3. A first failure that is bare but looks like a failed call (`reply.ok` false, -1, null) is
//    explained by the first later failure with evidence (config or infra). A bare first failure
//    that does not (41 where 42 was expected) stays code whatever fails after it.
Classification CombineFailures(std::vector<Classification> failures);

}  // namespace preflight
