package io.microlith.privacy;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a record component as personal data of the record's {@link DataSubject} (decision 0086). With a key store
 * configured ({@code MessageTypes.personalData}), its value is stored encrypted with the subject's key, read back
 * decrypted, and read as {@code null} (the "forgotten" value) once the subject is forgotten. Use it on reference
 * types (String, records, lists): a forgotten primitive would read as 0 or false.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.RECORD_COMPONENT)
public @interface PersonalData {
}
