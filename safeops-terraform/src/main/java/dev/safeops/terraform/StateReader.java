package dev.safeops.terraform;

import dev.safeops.core.InvalidInputException;
import dev.safeops.terraform.internal.StateJson;
import java.io.InputStream;
import java.nio.file.Path;

/**
 * Reads a Terraform state: a version 4 state file ({@code terraform.tfstate}, {@code
 * terraform state pull}) or {@code terraform show -json} state output. Blank input is {@link
 * TerraformState#none()}. Resources are streamed one at a time and their attribute values are
 * not kept. Malformed input is refused with an {@link InvalidInputException} naming the
 * position: trailing data, a state version other than 4, an unknown major {@code
 * format_version}, a key that appears twice in one object, a value of the wrong JSON type
 * (a serial that is not a whole number), a path that is not a regular file. Stateless and
 * thread-safe.
 */
public interface StateReader {

  /** @throws InvalidInputException when the file is missing, unreadable or not a state */
  TerraformState read(Path state);

  /** Reads from a stream, which is not closed; {@code name} names it in messages. */
  TerraformState read(InputStream state, String name);

  static StateReader create() {
    return StateJson.INSTANCE;
  }
}
