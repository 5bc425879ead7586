package dev.safeops.aws.testing.internal;

import dev.safeops.aws.testing.internal.World.Bucket;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * S3 over REST-XML with path-style addressing ({@code /bucket?subresource}). Deleting objects in
 * a versioned bucket keeps their versions, so such a bucket stays non-empty, as on AWS.
 */
final class S3Handler implements ServiceHandler {
  private static final String NS = "http://s3.amazonaws.com/doc/2006-03-01/";

  @Override
  public String signingName() {
    return "s3";
  }

  @Override
  public void identify(Call call) {
    WireRequest r = call.request;
    String path = r.rawPath() == null ? "/" : r.rawPath();
    String trimmed = path.startsWith("/") ? path.substring(1) : path;
    int slash = trimmed.indexOf('/');
    String bucket = WireRequest.decode(slash < 0 ? trimmed : trimmed.substring(0, slash));
    String key = slash < 0 || slash == trimmed.length() - 1 ? "" : WireRequest.decode(trimmed.substring(slash + 1));
    if (!bucket.isEmpty()) {
      call.params.put("Bucket", bucket);
    }
    if (!key.isEmpty()) {
      call.params.put("Key", key);
    }
    r.query().forEach(call.params::put);
    Map<String, String> q = r.query();
    String m = r.method();
    if (bucket.isEmpty()) {
      call.operation = m.equals("GET") ? "ListBuckets" : m + " /";
    } else if (!key.isEmpty()) {
      call.operation = m + " object" + subresources(q);
    } else if (m.equals("HEAD") && q.isEmpty()) {
      call.operation = "HeadBucket";
    } else if (m.equals("DELETE") && q.isEmpty()) {
      call.operation = "DeleteBucket";
    } else if (m.equals("GET") && "2".equals(q.get("list-type"))) {
      call.operation = "ListObjectsV2";
    } else if (m.equals("POST") && q.containsKey("delete")) {
      call.operation = "DeleteObjects";
      call.params.put("Keys", String.join(",", keysToDelete(call)));
    } else if (m.equals("PUT") && q.containsKey("versioning")) {
      call.operation = "PutBucketVersioning";
      Element root = parse(call).getDocumentElement();
      call.params.put("Status", childText(root, "Status"));
      String mfa = childText(root, "MfaDelete");
      if (mfa != null) {
        call.params.put("MfaDelete", mfa);
      }
    } else if (m.equals("GET") && q.containsKey("versioning")) {
      call.operation = "GetBucketVersioning";
    } else {
      call.operation = m + " bucket" + subresources(q);
    }
  }

  private static String subresources(Map<String, String> q) {
    return q.isEmpty() ? "" : "?" + String.join("&", q.keySet());
  }

  @Override
  public WireResponse handle(Call call) {
    return answer(call).with("x-amz-request-id", call.requestId).with("x-amz-id-2", hostId(call));
  }

  private static String hostId(Call call) {
    return "fakehost" + call.requestId.replace("-", "");
  }

  private WireResponse answer(Call call) {
    World w = call.world;
    return switch (call.operation) {
      case "ListBuckets" -> {
        Xml x = new Xml("ListAllMyBucketsResult", NS);
        x.start("Owner").el("ID", "fakeowner" + w.accountId).el("DisplayName", "fake").end();
        x.start("Buckets");
        w.buckets.values().forEach(b -> x.start("Bucket").el("Name", b.name).el("CreationDate", b.created)
            .el("BucketRegion", w.region).end());
        x.end();
        yield xml(x);
      }
      case "HeadBucket" -> {
        bucket(call);
        yield WireResponse.of(200, null, null).with("x-amz-bucket-region", w.region);
      }
      case "DeleteBucket" -> {
        Bucket b = bucket(call);
        if (!b.objects.isEmpty() || !b.noncurrentVersions.isEmpty()) {
          throw new AwsError(409, "BucketNotEmpty", "The bucket you tried to delete is not empty",
              Map.of("BucketName", b.name));
        }
        w.buckets.remove(b.name);
        call.mutated();
        yield WireResponse.of(204, null, null);
      }
      case "ListObjectsV2" -> {
        Bucket b = bucket(call);
        String prefix = call.params.getOrDefault("prefix", "");
        int max = Integer.parseInt(call.params.getOrDefault("max-keys", "1000"));
        List<Map.Entry<String, Long>> matching = b.objects.entrySet().stream()
            .filter(e -> e.getKey().startsWith(prefix)).sorted(Map.Entry.comparingByKey()).limit(max).toList();
        Xml x = new Xml("ListBucketResult", NS).el("Name", b.name).el("Prefix", prefix)
            .el("KeyCount", matching.size()).el("MaxKeys", max).el("IsTruncated", false);
        for (Map.Entry<String, Long> e : matching) {
          x.start("Contents").el("Key", e.getKey()).el("LastModified", b.created)
              .el("ETag", "\"" + Integer.toHexString(e.getKey().hashCode()) + "\"").el("Size", e.getValue())
              .el("StorageClass", "STANDARD").end();
        }
        yield xml(x);
      }
      case "DeleteObjects" -> {
        Bucket b = bucket(call);
        boolean quiet = "true".equalsIgnoreCase(childText(parse(call).getDocumentElement(), "Quiet"));
        List<String> keys = keysToDelete(call);
        Xml x = new Xml("DeleteResult", NS);
        for (String key : keys) {
          Long size = b.objects.remove(key);
          if (size != null) {
            call.mutated();
            if ("Enabled".equals(b.versioning) || "Suspended".equals(b.versioning)) {
              b.noncurrentVersions.put(key, size);
            }
          }
          if (!quiet) {
            x.start("Deleted").el("Key", key).end();
          }
        }
        yield xml(x);
      }
      case "PutBucketVersioning" -> {
        Bucket b = bucket(call);
        String status = call.param("Status");
        if (!"Enabled".equals(status) && !"Suspended".equals(status)) {
          throw new AwsError(400, "MalformedXML",
              "The XML you provided was not well-formed or did not validate against our published schema");
        }
        b.versioning = status;
        if (call.param("MfaDelete") != null) {
          b.mfaDelete = call.param("MfaDelete");
        }
        call.mutated();
        yield WireResponse.of(200, null, null);
      }
      case "GetBucketVersioning" -> {
        Bucket b = bucket(call);
        Xml x = new Xml("VersioningConfiguration", NS).el("Status", b.versioning).el("MfaDelete", b.mfaDelete);
        yield xml(x);
      }
      default -> throw ServiceHandler.unknownOperation("s3", call.operation);
    };
  }

  @Override
  public WireResponse error(Call call, AwsError error) {
    String hostId = hostId(call);
    if (call.request.method().equals("HEAD")) {
      return WireResponse.of(error.status(), null, null)
          .with("x-amz-request-id", call.requestId).with("x-amz-id-2", hostId);
    }
    Xml x = new Xml("Error", null).el("Code", error.code()).el("Message", error.getMessage());
    error.extra().forEach(x::el);
    x.el("RequestId", call.requestId).el("HostId", hostId);
    return WireResponse.of(error.status(), "application/xml", x.finish())
        .with("x-amz-request-id", call.requestId).with("x-amz-id-2", hostId);
  }

  private static WireResponse xml(Xml x) {
    return WireResponse.of(200, "application/xml", x.finish());
  }

  private static Bucket bucket(Call call) {
    String name = call.param("Bucket");
    Bucket b = call.world.buckets.get(name);
    if (b == null) {
      throw new AwsError(404, "NoSuchBucket", "The specified bucket does not exist", Map.of("BucketName", name));
    }
    return b;
  }

  private static List<String> keysToDelete(Call call) {
    List<String> keys = new ArrayList<>();
    NodeList objects = parse(call).getDocumentElement().getElementsByTagNameNS("*", "Object");
    for (int i = 0; i < objects.getLength(); i++) {
      String key = childText((Element) objects.item(i), "Key");
      if (key != null) {
        keys.add(key);
      }
    }
    return keys;
  }

  private static String childText(Element parent, String name) {
    NodeList children = parent.getChildNodes();
    for (int i = 0; i < children.getLength(); i++) {
      if (children.item(i) instanceof Element e && name.equals(e.getLocalName())) {
        return e.getTextContent();
      }
    }
    return null;
  }

  private static Document parse(Call call) {
    try {
      DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
      f.setNamespaceAware(true);
      f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      return f.newDocumentBuilder().parse(new ByteArrayInputStream(call.request.body()));
    } catch (Exception e) {
      throw new AwsError(400, "MalformedXML",
          "The XML you provided was not well-formed or did not validate against our published schema");
    }
  }
}
