#include "common/landscape/stationary_point.hpp"

#include "common/geometry/point_group.hpp"

namespace landscape {

void assign_point_group(StationaryPoint& sp, bool atoms) {
  sp.pgorder = 1;
  sp.point_group = "C1";
  if (!atoms || !(sp.rms < kPointGroupRms)) return;
  const PointGroup group = point_group(sp.coords);
  sp.pgorder = group.order;
  sp.point_group = group.symbol;
}

}  // namespace landscape
