package net.cpmpf.deploy;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Collection;
import java.util.Map;

/**
 * fabric8 keeps fields its model does not know in {@code additionalProperties} instead of failing; a misspelt or
 * misplaced field in a template would pass unnoticed. This walks a parsed object and fails on any such field.
 */
final class StrictModel {

    private StrictModel() {}

    static void assertNoUnknownFields(Object model) {
        visit(model, model.getClass().getSimpleName());
    }

    private static void visit(Object value, String path) {
        if (value == null) {
            return;
        }
        if (value instanceof Collection<?> items) {
            int i = 0;
            for (Object item : items) {
                visit(item, path + "[" + i++ + "]");
            }
            return;
        }
        if (value instanceof Map<?, ?> map) {
            map.forEach((k, v) -> visit(v, path + "." + k));
            return;
        }
        if (!value.getClass().getName().startsWith("io.fabric8.kubernetes.api.model")) {
            return;
        }
        for (Method getter : value.getClass().getMethods()) {
            if (!isGetter(getter)) {
                continue;
            }
            Object child = invoke(getter, value);
            if (getter.getName().equals("getAdditionalProperties")) {
                if (child instanceof Map<?, ?> extra && !extra.isEmpty()) {
                    throw new AssertionError("unknown fields at " + path + ": " + extra.keySet());
                }
            } else {
                visit(child, path + "." + property(getter));
            }
        }
    }

    private static boolean isGetter(Method m) {
        return m.getParameterCount() == 0
                && !Modifier.isStatic(m.getModifiers())
                && m.getName().startsWith("get")
                && !m.getName().equals("getClass")
                && m.getDeclaringClass().getName().startsWith("io.fabric8");
    }

    private static String property(Method getter) {
        String name = getter.getName().substring(3);
        return Character.toLowerCase(name.charAt(0)) + name.substring(1);
    }

    private static Object invoke(Method getter, Object target) {
        try {
            return getter.invoke(target);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException(getter + " failed", e);
        }
    }
}
