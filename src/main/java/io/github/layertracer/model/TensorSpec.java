package io.github.layertracer.model;

import java.util.Arrays;

/**
 * An immutable description of one tensor the model can produce: a user-facing name (the
 * signature key, or the graph tensor name for tapped tensors), the graph tensor name
 * ({@code "op:index"}), its shape with the batch dimension first ({@code -1} where unknown) and
 * its depth in the graph ({@code -1} where the graph gives no answer).
 */
public final class TensorSpec {

	private final String name;
	private final String tensorName;
	private final long[] shape;
	private final String dataType;
	private final int depth;

	public TensorSpec(final String name, final String tensorName, final long[] shape,
		final String dataType, final int depth)
	{
		this.name = name;
		this.tensorName = tensorName;
		this.shape = shape.clone();
		this.dataType = dataType;
		this.depth = depth;
	}

	public String name() {
		return name;
	}

	public String tensorName() {
		return tensorName;
	}

	/** Full shape, batch first, as TensorFlow orders it ({@code [batch, y, x, c]}). */
	public long[] shape() {
		return shape.clone();
	}

	public int rank() {
		return shape.length;
	}

	public String dataType() {
		return dataType;
	}

	/** Operations on the longest path from the image input, or -1 where unknown. */
	public int depth() {
		return depth;
	}

	/**
	 * Number of values per batch element, or -1 if a non-batch dimension is unknown.
	 */
	public long elementSize() {
		long n = 1;
		for (int i = 1; i < shape.length; i++) {
			if (shape[i] < 0) return -1;
			n *= shape[i];
		}
		return n;
	}

	TensorSpec withDepth(final int newDepth) {
		return new TensorSpec(name, tensorName, shape, dataType, newDepth);
	}

	/** Shape as TensorFlow prints it, e.g. {@code (-1, 32, 32, 16)}. */
	public static String formatShape(final long[] shape) {
		final StringBuilder sb = new StringBuilder("(");
		for (int i = 0; i < shape.length; i++) {
			if (i > 0) sb.append(", ");
			sb.append(shape[i]);
		}
		return sb.append(shape.length == 1 ? ",)" : ")").toString();
	}

	@Override
	public String toString() {
		return name + " [" + tensorName + "] " + dataType + " " + formatShape(shape);
	}

	@Override
	public boolean equals(final Object o) {
		if (!(o instanceof TensorSpec)) return false;
		final TensorSpec t = (TensorSpec) o;
		return name.equals(t.name) && tensorName.equals(t.tensorName) && Arrays.equals(shape,
			t.shape) && dataType.equals(t.dataType) && depth == t.depth;
	}

	@Override
	public int hashCode() {
		return name.hashCode() * 31 + tensorName.hashCode();
	}
}
