package io.onefold.core.error;

/** One reason an input was refused: the field (a JSON path such as {@code profile_data.email}) and why. */
public record Violation(String field, String reason) {}
