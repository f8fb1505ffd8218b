package io.microlith.privacy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.microlith.internal.Json;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Encrypts the {@link PersonalData} components of a record's JSON with its {@link DataSubject}'s key, and
 * reveals them on read (decision 0086). Used by {@code MessageTypes}; not needed by applications.
 *
 * <p>An encrypted value is stored in place of the plain one as
 * {@code {"$personal":{"subject":"u-1","key":"<key id>","data":"<base64 of IV and AES-GCM ciphertext>"}}}: self-describing, so it is
 * revealed wherever it sits, before upcasters run, whatever the record is called today. The subject is the
 * ciphertext's associated data: a value cannot be moved to another subject. A subject whose key is gone, or whose
 * key is another one than the value was written with (forgotten, then given a new key), reads as JSON
 * {@code null}, the documented "forgotten" value. The key id is a hash of the key, not the key.
 */
public final class PersonalDataCodec {
    /** The key of the object that holds an encrypted value. */
    public static final String MARKER = "$personal";
    private static final String QUOTED_MARKER = "\"" + MARKER + "\"";
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private record Fields(String subject, List<String> personal) {
    }

    private static final ClassValue<Optional<Fields>> FIELDS = new ClassValue<>() {
        @Override
        protected Optional<Fields> computeValue(Class<?> type) {
            if (!type.isRecord()) {
                return Optional.empty();
            }
            String subject = null;
            List<String> personal = new ArrayList<>();
            for (var component : type.getRecordComponents()) {
                if (component.isAnnotationPresent(PersonalData.class)) {
                    personal.add(component.getName());
                }
                if (component.isAnnotationPresent(DataSubject.class)) {
                    if (subject != null) {
                        throw new IllegalArgumentException(type.getName() + " names two data subjects: " + subject
                                + " and " + component.getName());
                    }
                    subject = component.getName();
                }
            }
            if (personal.isEmpty()) {
                return Optional.empty();
            }
            if (subject == null) {
                throw new IllegalArgumentException(type.getName() + " has @PersonalData " + personal
                        + " but no @DataSubject component to name whose it is");
            }
            if (personal.contains(subject)) {
                throw new IllegalArgumentException(type.getName() + "'s @DataSubject " + subject
                        + " cannot be @PersonalData: it must stay readable to find the key");
            }
            return Optional.of(new Fields(subject, List.copyOf(personal)));
        }
    };

    private final SubjectKeyStore keys;

    public PersonalDataCodec(SubjectKeyStore keys) {
        this.keys = Objects.requireNonNull(keys, "keys");
    }

    /**
     * Whether records of this class carry personal data.
     *
     * @throws IllegalArgumentException when the class has {@code @PersonalData} but not exactly one {@code @DataSubject}
     */
    public static boolean hasPersonalData(Class<?> type) {
        return FIELDS.get(type).isPresent();
    }

    /** Whether JSON text may hold encrypted values (a cheap text search, no parse). */
    public static boolean mayHoldCiphertext(String json) {
        return json.contains(QUOTED_MARKER);
    }

    /**
     * The record's JSON with its personal components encrypted with its subject's key (created if it has none; when
     * every personal component is null the JSON is returned as it is, and no key is made).
     *
     * @throws IllegalArgumentException     when the subject component is null or blank
     * @throws KeyStoreUnavailableException when the key store cannot answer
     */
    public ObjectNode encrypt(Record body, ObjectNode data) {
        Fields fields = FIELDS.get(body.getClass()).orElseThrow();
        JsonNode subjectNode = data.get(fields.subject());
        String subject = subjectNode == null || subjectNode.isNull() ? null : subjectNode.asText();
        if (subject == null || subject.isBlank()) {
            throw new IllegalArgumentException(body.getClass().getName() + " holds personal data but its @DataSubject "
                    + fields.subject() + " is " + (subject == null ? "null" : "blank") + "; a subject is required");
        }
        if (fields.personal().stream().allMatch(field -> data.get(field) == null || data.get(field).isNull())) {
            // nothing to hide: no key is made, so a forgotten subject gets no new key from a record with only nulls
            return data;
        }
        byte[] key = keys.findOrCreate(subject);
        for (String field : fields.personal()) {
            JsonNode value = data.get(field);
            if (value != null && !value.isNull()) {
                ObjectNode sealed = Json.MAPPER.createObjectNode();
                sealed.putObject(MARKER).put("subject", subject).put("key", keyId(key))
                        .put("data", seal(key, subject, value.toString()));
                data.set(field, sealed);
            }
        }
        return data;
    }

    /**
     * The JSON with every encrypted value replaced by its plain value, or by {@code null} when its subject was
     * forgotten.
     *
     * @throws KeyStoreUnavailableException when the key store cannot answer
     * @throws IllegalStateException        when a value does not decrypt with its subject's key (tampered or wrong key)
     */
    public JsonNode reveal(JsonNode data) {
        if (data instanceof ObjectNode object) {
            JsonNode sealed = object.get(MARKER);
            if (sealed != null && object.size() == 1) {
                return open(sealed);
            }
            for (Map.Entry<String, JsonNode> field : object.properties()) {
                JsonNode revealed = reveal(field.getValue());
                if (revealed != field.getValue()) {
                    field.setValue(revealed);
                }
            }
        } else if (data instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                JsonNode revealed = reveal(array.get(i));
                if (revealed != array.get(i)) {
                    array.set(i, revealed);
                }
            }
        }
        return data;
    }

    private JsonNode open(JsonNode sealed) {
        String subject = sealed.path("subject").asText(null);
        String text = sealed.path("data").asText(null);
        if (subject == null || text == null) {
            throw new IllegalStateException("An encrypted personal value lacks its subject or data: " + sealed);
        }
        Optional<byte[]> key = keys.find(subject);
        if (key.isEmpty() || !keyId(key.get()).equals(sealed.path("key").asText())) {
            return NullNode.getInstance(); // forgotten: the key it was written with is gone
        }
        try {
            byte[] bytes = Base64.getDecoder().decode(text);
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            byte[] iv = new byte[IV_BYTES];
            buffer.get(iv);
            byte[] cipherText = new byte[buffer.remaining()];
            buffer.get(cipherText);
            Cipher cipher = cipher(Cipher.DECRYPT_MODE, key.get(), iv, subject);
            return Json.MAPPER.readTree(new String(cipher.doFinal(cipherText), StandardCharsets.UTF_8));
        } catch (GeneralSecurityException | IllegalArgumentException | JsonProcessingException e) {
            throw new IllegalStateException("Personal data of subject '" + subject
                    + "' does not decrypt with its key (tampered, or a key store that is not the one it was written with)", e);
        }
    }

    /** A short public name of a key: the first 8 bytes of its SHA-256, which reveal nothing of it. */
    private static String keyId(byte[] key) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(key);
            return Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(hash, 8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    private static String seal(byte[] key, String subject, String plain) {
        try {
            byte[] iv = new byte[IV_BYTES];
            RANDOM.nextBytes(iv);
            byte[] cipherText = cipher(Cipher.ENCRYPT_MODE, key, iv, subject).doFinal(plain.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(ByteBuffer.allocate(iv.length + cipherText.length)
                    .put(iv).put(cipherText).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM encryption failed", e);
        }
    }

    private static Cipher cipher(int mode, byte[] key, byte[] iv, String subject) throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(mode, new SecretKeySpec(key, "AES"), new GCMParameterSpec(TAG_BITS, iv));
        cipher.updateAAD(subject.getBytes(StandardCharsets.UTF_8));
        return cipher;
    }
}
