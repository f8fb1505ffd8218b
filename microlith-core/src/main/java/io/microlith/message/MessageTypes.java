package io.microlith.message;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.microlith.internal.Json;
import io.microlith.privacy.KeyStoreUnavailableException;
import io.microlith.privacy.PersonalDataCodec;
import io.microlith.privacy.SubjectKeyStore;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The registry from type names to the Java records that carry them, and the JSON mapping between
 * them (Jackson, with unknown JSON properties ignored so that old readers survive new fields).
 *
 * <p>A record registered without a name uses its simple class name: {@code Deposited}. Messages of
 * types that are not registered stay readable as raw {@link Message}s; {@link #decode(Message)} returns
 * empty for them. Thread-safe: types may be registered while messages are being decoded.
 *
 * <p>Schema evolution (decision 0085): a type's data may change shape. {@link #upcaster(String, int, Upcaster)}
 * registers the step from one version to the next; the current version of a type is one more than the highest
 * version an upcaster starts from (1 when it has none). Messages are written with the current version in their
 * metadata's {@code schemaVersion} (Eventide's key; left out for version 1), and every read through this
 * registry runs the stored data through the chain first, so every reader sees the current record while the
 * stored messages never change. {@link #renamed(String, String)} reads an old type name as a new one. A stored
 * version with no path to the current one fails with a {@link SchemaVersionException}.
 */
public final class MessageTypes {
    private final Map<String, Class<? extends Record>> byName = new ConcurrentHashMap<>();
    private final Map<Class<?>, String> byClass = new ConcurrentHashMap<>();
    /** Upcasters and renames. */
    private final SchemaEvolution schemas = new SchemaEvolution();
    /** Encrypts and reveals personal data; null until a key store is configured. */
    private volatile PersonalDataCodec personalData;

    /** A registry holding the given records under their simple names. */
    @SafeVarargs
    public static MessageTypes of(Class<? extends Record>... types) {
        MessageTypes registry = new MessageTypes();
        for (Class<? extends Record> type : types) {
            registry.register(type);
        }
        return registry;
    }

    /** Registers a record under its simple class name. */
    public MessageTypes register(Class<? extends Record> type) {
        return register(type.getSimpleName(), type);
    }

    /**
     * Registers a record under a type name. Registering the same pair again does nothing.
     *
     * @throws IllegalArgumentException when the name is taken by another class, or the class by another name
     */
    public synchronized MessageTypes register(String typeName, Class<? extends Record> type) {
        Objects.requireNonNull(type, "type");
        if (typeName == null || typeName.isBlank()) {
            throw new IllegalArgumentException("A message type name must not be blank (class " + type.getName() + ")");
        }
        Class<? extends Record> existing = byName.get(typeName);
        if (existing != null && existing != type) {
            throw new IllegalArgumentException("Message type '" + typeName + "' is already registered to "
                    + existing.getName() + ", cannot register it to " + type.getName());
        }
        String existingName = byClass.get(type);
        if (existingName != null && !existingName.equals(typeName)) {
            throw new IllegalArgumentException(type.getName() + " is already registered as '" + existingName
                    + "', cannot register it as '" + typeName + "'");
        }
        byName.put(typeName, type);
        byClass.put(type, typeName);
        return this;
    }

    /**
     * Registers the step that turns data of {@code typeName} in schema version {@code fromVersion} into version
     * {@code fromVersion + 1}. Register every step from 1 up: a type with upcasters from 1 and 2 is at version 3,
     * and reads data stored in versions 1, 2 and 3.
     *
     * @throws IllegalArgumentException when the version is below 1 or that step is registered already
     */
    public synchronized MessageTypes upcaster(String typeName, int fromVersion, Upcaster upcaster) {
        schemas.addUpcaster(typeName, fromVersion, upcaster);
        return this;
    }

    /**
     * Reads messages stored under {@code oldName} as messages of {@code newName}: their records, handlers and
     * upcasters are those of the new name. Stored messages keep their old type name.
     *
     * @throws IllegalArgumentException when the old name is registered to a record, or renamed to another name
     */
    public synchronized MessageTypes renamed(String oldName, String newName) {
        schemas.rename(oldName, newName, oldName == null ? null : byName.get(oldName));
        return this;
    }

    /** The name a stored type name is read as today: itself, or the end of its chain of renames. */
    public String currentName(String storedTypeName) {
        return schemas.currentName(storedTypeName);
    }

    /** The schema version messages of this type are written in today: 1 plus its highest upcaster's version. */
    public int currentVersion(String typeName) {
        return schemas.currentVersion(typeName);
    }

    /**
     * Whether the message's data maps to its record as stored: under its current type name, in its current schema
     * version, and without encrypted personal data (else reads go through {@link #upcast(Message)}).
     */
    public boolean isCurrent(Message message) {
        if (PersonalDataCodec.mayHoldCiphertext(message.data())) {
            return false; // encrypted personal data to reveal first
        }
        return schemas.isCurrent(message.type(), message.metadata().schemaVersion());
    }

    /**
     * Stores the {@link io.microlith.privacy.PersonalData} components of records encrypted with their data
     * subject's key from {@code keys}, and reveals them on read, as {@code null} once the subject is forgotten
     * (decision 0086). Without a key store, writing a record with personal data fails, and so does reading one.
     */
    public MessageTypes personalData(SubjectKeyStore keys) {
        this.personalData = new PersonalDataCodec(keys);
        return this;
    }

    /** The type name of a registered record class. */
    public String typeName(Class<?> type) {
        String name = byClass.get(type);
        if (name == null) {
            throw new UnknownMessageTypeException(type.getName() + " is not a registered message type; register it first");
        }
        return name;
    }

    /** The record class registered under a type name, if any. */
    public Optional<Class<? extends Record>> recordClass(String typeName) {
        Class<? extends Record> type = byName.get(typeName);
        return type != null || !schemas.hasRenames() ? Optional.ofNullable(type) : Optional.ofNullable(byName.get(currentName(typeName)));
    }

    /** Whether the type name is registered (itself, or the name it was renamed to). */
    public boolean isRegistered(String typeName) {
        return recordClass(typeName).isPresent();
    }

    /** A message to write from a registered record, with a new random id. */
    public NewMessage toNewMessage(Record body, Metadata metadata) {
        return toNewMessage(MessageIds.next(), typeName(body.getClass()), body, metadata);
    }

    /**
     * A message to write from a record, with the given id and type name (registered or not). The record is
     * written as JSON here, with Jackson, so the JSON is not parsed again to check that it is well-formed
     * (decision 0001), as it is for text given to {@link NewMessage}'s constructor.
     */
    public NewMessage toNewMessage(UUID id, String typeName, Record body, Metadata metadata) {
        return NewMessage.withCheckedData(id, typeName, storedJson(body), versioned(typeName, metadata));
    }

    /** The record as it is stored: JSON with its personal data encrypted. */
    private String storedJson(Record body) {
        if (!PersonalDataCodec.hasPersonalData(body.getClass())) {
            return toJson(body);
        }
        PersonalDataCodec codec = requirePersonalData(body.getClass().getName());
        ObjectNode data = Json.MAPPER.valueToTree(body);
        return codec.encrypt(body, data).toString();
    }

    /**
     * A value as a JSON tree, as it is stored: a record with {@link io.microlith.privacy.PersonalData} components has
     * them encrypted with its subject's key, as in a message (entity snapshots use this, decision 0088).
     *
     * @throws KeyStoreUnavailableException when the record holds personal data and no key store is configured, or it
     *                                      cannot answer
     */
    public JsonNode storedTree(Object value) {
        if (value instanceof Record record && PersonalDataCodec.hasPersonalData(record.getClass())
                && Json.MAPPER.valueToTree(record) instanceof ObjectNode data) {
            return requirePersonalData(record.getClass().getName()).encrypt(record, data);
        }
        return Json.MAPPER.valueToTree(value);
    }

    /**
     * The tree with its encrypted personal values revealed ({@code null} once their subject is forgotten): the
     * reverse of {@link #storedTree(Object)}; a tree without any is returned as it is.
     *
     * @throws KeyStoreUnavailableException when it holds personal data and no key store is configured, or it cannot
     *                                      answer
     */
    public JsonNode revealed(JsonNode tree, String what) {
        if (!PersonalDataCodec.mayHoldCiphertext(tree.toString())) {
            return tree;
        }
        return requirePersonalData(what).reveal(tree);
    }

    private PersonalDataCodec requirePersonalData(String what) {
        PersonalDataCodec codec = personalData;
        if (codec == null) {
            throw new KeyStoreUnavailableException(what + " holds personal data, but no key store is configured"
                    + " (MessageTypes.personalData / MicrolithConfig.personalData); refusing to handle it in clear");
        }
        return codec;
    }

    /** The metadata with the type's current schema version, unless it is version 1 or the writer set one. */
    private Metadata versioned(String typeName, Metadata metadata) {
        Metadata given = metadata == null ? Metadata.EMPTY : metadata;
        int version = schemas.hasUpcasters() ? currentVersion(typeName) : 1;
        return version == 1 || given.schemaVersion() != null ? given : given.withSchemaVersion(String.valueOf(version));
    }

    /** A message to write from a registered record, with a new random id and empty metadata. */
    public NewMessage toNewMessage(Record body) {
        return toNewMessage(body, Metadata.EMPTY);
    }

    /** The record as JSON text. */
    public String toJson(Object body) {
        try {
            return Json.MAPPER.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Cannot write " + body.getClass().getName() + " as JSON: "
                    + e.getOriginalMessage(), e);
        }
    }

    /** The message's data as its registered record, or empty when its type is not registered. */
    public Optional<Record> decode(Message message) {
        return recordClass(message.type()).map(type -> read(message, type));
    }

    /**
     * The message's data as the given record.
     *
     * @throws IllegalArgumentException when the message's type is registered to another class, or its
     *                                  data does not fit the record
     */
    public <T extends Record> T decode(Message message, Class<T> type) {
        Class<? extends Record> registered = recordClass(message.type()).orElse(null);
        if (registered != null && registered != type) {
            throw new IllegalArgumentException("Message " + message.id() + " has type '" + message.type()
                    + "', registered to " + registered.getName() + ", not " + type.getName());
        }
        return read(message, type);
    }

    private <T> T read(Message message, Class<T> type) {
        if (message.data().length() > Json.MAX_DOCUMENT_LENGTH) {
            Json.requireReadableLength(message.data(), "Data of message " + message.id() + " (type " + message.type() + ")");
        }
        try {
            if (!isCurrent(message)) {
                return Json.MAPPER.treeToValue(upcast(message), type);
            }
            return Json.MAPPER.readValue(message.data(), type);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Data of message " + message.id() + " (type " + message.type()
                    + ") does not fit " + type.getName() + ": " + e.getOriginalMessage(), e);
        }
    }

    /**
     * The message's data as JSON in its type's current schema version: the stored data run through the
     * upcasters from its stored version up, with its personal data revealed first (decision 0086).
     *
     * @throws SchemaVersionException when the stored version has no path to the current one
     * @throws IllegalArgumentException when the data is not a JSON object but needs upcasting
     * @throws KeyStoreUnavailableException when the data holds personal data and the key store cannot answer
     */
    public JsonNode upcast(Message message) throws JsonProcessingException {
        JsonNode data = Json.MAPPER.readTree(message.data());
        if (PersonalDataCodec.mayHoldCiphertext(message.data())) {
            data = requirePersonalData("Message " + message.id() + " (type " + message.type() + ")").reveal(data);
        }
        return schemas.upcast(message, data);
    }

    /**
     * The current schema version of every type that has upcasters, and every rename, as text: empty while no
     * type has evolved, else e.g. {@code ";schemas=Deposited@3,Withdrawn@2;renames=Paid>Deposited"}. Snapshots
     * record it (through {@code Projection.version()}) and are dropped when it differs: a state folded from
     * older schemas may not fit the records of today.
     */
    public String schemaFingerprint() {
        return schemas.fingerprint();
    }
}
