package dev.safeops.aws.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * Every operation of every AWS SDK v2 service module on the classpath, found once, lazily.
 *
 * <p>Every operation of a generated service client has exactly one request marshaller,
 * {@code software/amazon/awssdk/services/<pkg>/transform/<Op>RequestMarshaller.class}; request
 * shapes that are not operations have none. Listing those entries names every operation
 * without loading a class. Names are the SDK's Java spelling of the operation
 * ({@code DeleteDbInstance} for the wire name {@code DeleteDBInstance}), so the catalog
 * matches names case-insensitively.
 */
public final class SdkOperationIndex {
  private static final String ROOT = "software/amazon/awssdk/services/";
  private static final String SUFFIX = "RequestMarshaller.class";

  /** One service module: its package, its IAM/signing name, its operations. */
  public record Service(String packageName, String signingName, Set<String> operations) {}

  private static volatile List<Service> services;

  private SdkOperationIndex() {}

  /** The services on the classpath of this class's loader, sorted by package. */
  public static List<Service> services() {
    List<Service> s = services;
    if (s == null) {
      synchronized (SdkOperationIndex.class) {
        s = services;
        if (s == null) {
          s = scan(SdkOperationIndex.class.getClassLoader());
          services = s;
        }
      }
    }
    return s;
  }

  static List<Service> scan(ClassLoader loader) {
    Map<String, Set<String>> ops = new TreeMap<>();
    Map<String, Set<String>> topLevel = new TreeMap<>();
    try {
      Enumeration<URL> roots = loader.getResources(ROOT);
      while (roots.hasMoreElements()) {
        URL url = roots.nextElement();
        for (String entry : entries(url)) {
          collect(entry, ops, topLevel);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list the AWS SDK service modules on the classpath", e);
    }
    List<Service> out = new ArrayList<>();
    ops.forEach((pkg, names) -> out.add(new Service(pkg,
        signingName(loader, pkg, topLevel.getOrDefault(pkg, Set.of())).orElse(pkg),
        Collections.unmodifiableSet(names))));
    return List.copyOf(out);
  }

  private static void collect(String entry, Map<String, Set<String>> ops, Map<String, Set<String>> topLevel) {
    if (!entry.startsWith(ROOT)) {
      return;
    }
    String[] parts = entry.substring(ROOT.length()).split("/");
    if (parts.length == 3 && parts[1].equals("transform") && parts[2].endsWith(SUFFIX)
        && !parts[2].contains("$")) {
      String op = parts[2].substring(0, parts[2].length() - SUFFIX.length());
      if (!op.isEmpty()) {
        ops.computeIfAbsent(parts[0], k -> new TreeSet<>()).add(op);
      }
    } else if (parts.length == 2 && parts[1].endsWith("Client.class") && !parts[1].contains("$")) {
      topLevel.computeIfAbsent(parts[0], k -> new TreeSet<>())
          .add(parts[1].substring(0, parts[1].length() - ".class".length()));
    }
  }

  private static List<String> entries(URL url) throws IOException {
    List<String> out = new ArrayList<>();
    if ("jar".equals(url.getProtocol())) {
      JarURLConnection conn = (JarURLConnection) url.openConnection();
      conn.setUseCaches(false);
      try (JarFile jar = conn.getJarFile()) {
        Enumeration<JarEntry> en = jar.entries();
        while (en.hasMoreElements()) {
          out.add(en.nextElement().getName());
        }
      }
    } else if ("file".equals(url.getProtocol())) {
      Path root;
      try {
        root = Paths.get(url.toURI());
      } catch (URISyntaxException e) {
        throw new IOException("unreadable classpath entry " + url, e);
      }
      Path base = root.getParent().getParent().getParent().getParent();
      try (Stream<Path> walk = Files.walk(root)) {
        walk.filter(Files::isRegularFile)
            .forEach(p -> out.add(base.relativize(p).toString().replace('\\', '/')));
      }
    }
    return out;
  }

  /** The client interface's SERVICE_NAME constant: the signing name, which is the IAM prefix. */
  private static Optional<String> signingName(ClassLoader loader, String pkg, Set<String> clients) {
    for (String simple : clients) {
      if (simple.startsWith("Default") || simple.contains("Async")) {
        continue;
      }
      try {
        Class<?> c = Class.forName("software.amazon.awssdk.services." + pkg + "." + simple, false, loader);
        if (!c.isInterface()) {
          continue;
        }
        Field f = c.getField("SERVICE_NAME");
        if (Modifier.isStatic(f.getModifiers()) && f.getType() == String.class) {
          return Optional.of((String) f.get(null));
        }
      } catch (ReflectiveOperationException | LinkageError e) {
        // Not the client interface (or not loadable): try the next candidate.
      }
    }
    return Optional.empty();
  }
}
