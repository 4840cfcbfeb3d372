// What the checks of one run read in common (the Aurora global cluster and its members ...),
// made once per run and shared, one level above the read cache: a run of drh validate asks
// RDS for each cluster once, not once per database check.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "drh/validate/check.h"

namespace drh::validate::detail {

class RunMemo {
 public:
  /// The value kept under `key`, else make() now; kept when keep(value). Checks asking for
  /// the same key at the same time wait for the first one's value instead of making their
  /// own. Values that are not kept (errors: the next check tries again) are not shared.
  template <typename T, typename Make, typename Keep>
  T get(const std::string& key, Make&& make, Keep&& keep) {
    std::shared_ptr<Entry> entry;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      auto& slot = entries_[key];
      if (!slot) slot = std::make_shared<Entry>();
      entry = slot;
    }
    std::lock_guard<std::mutex> lock(entry->mutex);
    if (entry->value) return *std::static_pointer_cast<const T>(entry->value);
    T made = make();
    if (keep(made)) entry->value = std::make_shared<const T>(made);
    return made;
  }

 private:
  struct Entry {
    std::mutex mutex;
    std::shared_ptr<const void> value;
  };
  std::mutex mutex_;
  std::map<std::string, std::shared_ptr<Entry>> entries_;
};

/// c.memo's value under `key` (see RunMemo::get); without a memo (a check run on its own),
/// make() every time.
template <typename T, typename Make, typename Keep>
T remembered(const CheckContext& c, const std::string& key, Make&& make, Keep&& keep) {
  if (!c.memo) return make();
  return c.memo->get<T>(key, std::forward<Make>(make), std::forward<Keep>(keep));
}

}  // namespace drh::validate::detail
