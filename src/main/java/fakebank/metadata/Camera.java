package fakebank.metadata;

/** Camera make and model as the metadata states them (forgeable; never a reason to call an image real). */
public record Camera(String make, String model) {
    public Camera {
        make = Text.clip(make, 100);
        model = Text.clip(model, 100);
    }

    String describe() {
        if (make == null) {
            return model;
        }
        if (model == null || model.toLowerCase(java.util.Locale.ROOT).startsWith(make.toLowerCase(java.util.Locale.ROOT))) {
            return model == null ? make : model;
        }
        return make + " " + model;
    }
}
