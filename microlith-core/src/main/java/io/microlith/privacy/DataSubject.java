package io.microlith.privacy;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks the record component that names whose {@link PersonalData} the record carries (a user id, say); its value
 * is stored in clear, and its string form is the key store's subject (decision 0086). A record with personal data
 * has exactly one.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.RECORD_COMPONENT)
public @interface DataSubject {
}
