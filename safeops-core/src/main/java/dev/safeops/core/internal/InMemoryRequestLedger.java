package dev.safeops.core.internal;

import dev.safeops.core.RequestLedger;
import dev.safeops.core.RequestRecord;
import dev.safeops.core.StoreException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Requests in a map; each change is a compare-and-set on the map entry. */
public final class InMemoryRequestLedger implements RequestLedger {
  private final Map<String, RequestRecord> requests = new ConcurrentHashMap<>();

  @Override
  public RequestRecord create(RequestRecord request) {
    RequestRecord stored = request.toBuilder().version(1).build();
    if (requests.putIfAbsent(stored.id(), stored) != null) {
      throw new StoreException("requests", "a request with id " + stored.id() + " already exists");
    }
    return stored;
  }

  @Override
  public Optional<RequestRecord> find(String id) {
    return Optional.ofNullable(requests.get(RequestMessages.requireId(id)));
  }

  @Override
  public List<RequestRecord> list() {
    List<RequestRecord> all = new ArrayList<>(requests.values());
    all.sort(RequestJson.NEWEST_FIRST);
    return all;
  }

  @Override
  public Optional<RequestRecord> replace(RequestRecord current, RequestRecord next) {
    RequestJson.requireSameId(current, next);
    RequestRecord stored = next.toBuilder().version(current.version() + 1).build();
    RequestRecord[] result = new RequestRecord[1];
    boolean existed = requests.computeIfPresent(current.id(), (id, now) -> {
      if (now.version() != current.version()) {
        return now;
      }
      result[0] = stored;
      return stored;
    }) != null;
    if (!existed) {
      throw new StoreException("requests", "there is no request " + current.id() + " to change");
    }
    return Optional.ofNullable(result[0]);
  }
}
