package net.cpmpf.xml.reginfo;

/**
 * Counts bounded by {@link ReginfoParser} on top of the generic {@link net.cpmpf.xml.XmlLimits}: a document over
 * one of them is refused with {@link net.cpmpf.xml.MalformedDocumentException.Reason#TOO_MANY_ITEMS}.
 *
 * @param maxRegistrations most {@code <registration>} elements in one document (default 64: an implicit
 *     registration set is usually a handful of IMPUs)
 * @param maxContactsPerRegistration most {@code <contact>} elements in one registration (default 32 devices)
 * @param maxUnknownParamsPerContact most {@code <unknown-param>} elements in one contact (default 32)
 */
public record ReginfoLimits(int maxRegistrations, int maxContactsPerRegistration, int maxUnknownParamsPerContact) {

    /** The defaults documented on the components. */
    public static final ReginfoLimits DEFAULTS = new ReginfoLimits(64, 32, 32);

    public ReginfoLimits {
        if (maxRegistrations <= 0 || maxContactsPerRegistration <= 0 || maxUnknownParamsPerContact <= 0) {
            throw new IllegalArgumentException("reginfo limits must be positive: " + maxRegistrations + ", "
                    + maxContactsPerRegistration + ", " + maxUnknownParamsPerContact);
        }
    }
}
